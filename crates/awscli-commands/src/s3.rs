//! The `aws s3` commands as data: each command's positional argument and
//! options, with how each option takes its value (what the parser needs),
//! its argparse `nargs` (what the completer needs) and its help type and
//! text (what the help page shows).
//!
//! Spec: the `ARG_TABLE`s of `awscli/customizations/s3/subcommands.py` and
//! `syncstrategy/*.py` as of CLI 2.36 (`/work/shared/docs/reference-cli.md`
//! section 8.1), in their order. The help pages follow the reference 2.9.19
//! the help tests compare against: the options it does not have are
//! accepted and completed but not [`S3Option::listed`] on the pages. The
//! help texts are our own words.

/// How an option takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `store_true`: no value.
    Flag,
    /// One value.
    Value,
    /// One value out of these.
    Choice(&'static [&'static str]),
    /// `nargs='?'` with a `const`: the value may be left out, meaning
    /// `constant`; a value given must be one of `choices`.
    Optional {
        constant: &'static str,
        choices: &'static [&'static str],
    },
    /// `nargs='+'`: one or more values, up to the next option.
    Many,
    /// `nargs=1` appended in order with the other filters
    /// (`--include`/`--exclude`).
    Filter,
    /// One value read with Python's `int()`.
    Integer,
}

impl ValueKind {
    /// The values the option accepts, when they are fixed.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            ValueKind::Choice(choices) | ValueKind::Optional { choices, .. } => choices,
            _ => &[],
        }
    }
}

/// One option of an `aws s3` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct S3Option {
    /// The name without dashes (`recursive`, `sse-c-key`).
    pub name: &'static str,
    pub kind: ValueKind,
    /// The CLI type name the help page shows in parentheses: `string`,
    /// `boolean`, `integer`, `blob` or `map`.
    pub type_name: &'static str,
    pub help: &'static str,
    /// Shown on the help page (the options of the reference's 2.9.19
    /// pages).
    pub listed: bool,
    /// Listed on the help page with the next option as `--x | --no-x`.
    pub paired_with_next: bool,
}

/// How many paths a command takes (argparse `nargs` of its positional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathCount {
    /// `nargs='?'`: none or one.
    Optional,
    /// `nargs=N`: exactly N.
    Exactly(usize),
    /// No `nargs`: one.
    One,
}

/// The positional argument of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paths {
    /// `paths` or `path`: the name argparse reports when it is missing.
    pub name: &'static str,
    pub count: PathCount,
    /// What the help synopsis shows for it.
    pub synopsis: &'static str,
    pub help: &'static str,
}

impl Paths {
    /// The fewest and the most paths the command takes.
    pub fn bounds(&self) -> (usize, usize) {
        match self.count {
            PathCount::Optional => (0, 1),
            PathCount::Exactly(n) => (n, n),
            PathCount::One => (1, 1),
        }
    }
}

/// One `aws s3` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct S3Command {
    pub name: &'static str,
    /// The paragraphs of the help page's description.
    pub description: &'static [&'static str],
    pub paths: Paths,
    /// The options, as groups shared between commands, in table order.
    groups: &'static [&'static [S3Option]],
}

impl S3Command {
    /// The options in table order.
    pub fn options(&self) -> impl Iterator<Item = &'static S3Option> {
        self.groups.iter().flat_map(|group| group.iter())
    }

    /// The option named `name` (without dashes).
    pub fn option(&self, name: &str) -> Option<&'static S3Option> {
        self.options().find(|o| o.name == name)
    }
}

/// The commands in the reference's table order.
pub const COMMANDS: &[S3Command] = &[LS, WEBSITE, CP, MV, RM, SYNC, MB, RB, PRESIGN];

/// The command named `name`.
pub fn command(name: &str) -> Option<&'static S3Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The paragraphs of `aws s3 help`.
pub const DESCRIPTION: &[&str] = &[
    "High-level commands to move files to, from and between S3 buckets and to manage \
     buckets. Paths are either local (a file or directory) or S3 URIs of the form \
     s3://bucket/key, or s3://<access-point-arn>/key for an access point. The commands \
     that take two paths read the first and write the second.",
    "Most commands take --exclude and --include filters, applied in order to the path \
     of each file or object relative to the source; the last filter that matches wins. \
     For the API operations themselves, see the s3api command.",
];

const fn option(
    name: &'static str,
    kind: ValueKind,
    type_name: &'static str,
    help: &'static str,
) -> S3Option {
    S3Option {
        name,
        kind,
        type_name,
        help,
        listed: true,
        paired_with_next: false,
    }
}

const fn flag(name: &'static str, help: &'static str) -> S3Option {
    option(name, ValueKind::Flag, "boolean", help)
}

const fn string(name: &'static str, help: &'static str) -> S3Option {
    option(name, ValueKind::Value, "string", help)
}

const fn choice(
    name: &'static str,
    choices: &'static [&'static str],
    help: &'static str,
) -> S3Option {
    option(name, ValueKind::Choice(choices), "string", help)
}

/// An option newer than the reference's (2.9.19) help pages.
const fn unlisted(mut o: S3Option) -> S3Option {
    o.listed = false;
    o
}

const fn paired(mut o: S3Option) -> S3Option {
    o.paired_with_next = true;
    o
}

const ACLS: &[&str] = &[
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
];
const STORAGE_CLASSES: &[&str] = &[
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "GLACIER_IR",
];
const CHECKSUM_ALGORITHMS: &[&str] = &[
    "CRC64NVME",
    "CRC32",
    "SHA256",
    "SHA1",
    "CRC32C",
    "SHA512",
    "XXHASH64",
    "XXHASH3",
    "XXHASH128",
];

const DRYRUN: S3Option = flag(
    "dryrun",
    "Show what the command would do, without doing any of it.",
);
const QUIET: S3Option = flag("quiet", "Print nothing about the operations performed.");
const INCLUDE: S3Option = option(
    "include",
    ValueKind::Filter,
    "string",
    "Take back in the files or objects whose path matches this pattern, after an --exclude \
     left them out. Filters given later win over earlier ones.",
);
const EXCLUDE: S3Option = option(
    "exclude",
    ValueKind::Filter,
    "string",
    "Leave out the files or objects whose path matches this pattern (with * and ? wildcards \
     and [sequences]).",
);
const RECURSIVE: S3Option = flag(
    "recursive",
    "Act on every file or object under the given directory or prefix.",
);
const PAGE_SIZE: S3Option = option(
    "page-size",
    ValueKind::Integer,
    "integer",
    "How many keys each list request asks for (at most 1000, the default). A smaller page \
     can help when requests time out.",
);
const REQUEST_PAYER: S3Option = option(
    "request-payer",
    ValueKind::Optional {
        constant: "requester",
        choices: &["requester"],
    },
    "string",
    "Acknowledge that the requester pays for the requests to a Requester Pays bucket. \
     Given alone, it means requester.",
);
const ONLY_SHOW_ERRORS: S3Option = flag(
    "only-show-errors",
    "Print warnings and errors only, not the operations performed.",
);

/// `TRANSFER_ARGS`: the options `cp`, `mv` and `sync` share.
const TRANSFER: &[S3Option] = &[
    DRYRUN,
    QUIET,
    INCLUDE,
    EXCLUDE,
    choice(
        "acl",
        ACLS,
        "The canned access control list given to the objects written.",
    ),
    paired(flag(
        "follow-symlinks",
        "Whether symbolic links are followed when uploading from the local file system \
         (they are by default). A link to a missing or special file is skipped either way.",
    )),
    flag("no-follow-symlinks", ""),
    flag(
        "no-guess-mime-type",
        "Do not set the content type of uploads from the file extension.",
    ),
    option(
        "sse",
        ValueKind::Optional {
            constant: "AES256",
            choices: &["AES256", "aws:kms"],
        },
        "string",
        "Encrypt the objects at rest on the server side with S3-managed keys (AES256) or \
         with KMS keys (aws:kms). Given alone, it means AES256.",
    ),
    option(
        "sse-c",
        ValueKind::Optional {
            constant: "AES256",
            choices: &["AES256"],
        },
        "string",
        "Encrypt the objects with a key you provide (--sse-c-key). Given alone, it means \
         AES256.",
    ),
    option(
        "sse-c-key",
        ValueKind::Value,
        "blob",
        "The customer-provided key for --sse-c: 32 bytes, given raw or from a file with \
         fileb://.",
    ),
    string(
        "sse-kms-key-id",
        "The KMS key (ID, ARN or alias) used with --sse aws:kms, when not the account's \
         default S3 key.",
    ),
    option(
        "sse-c-copy-source",
        ValueKind::Optional {
            constant: "AES256",
            choices: &["AES256"],
        },
        "string",
        "Decrypt an S3 source object that was encrypted with a customer-provided key \
         (--sse-c-copy-source-key). Given alone, it means AES256.",
    ),
    option(
        "sse-c-copy-source-key",
        ValueKind::Value,
        "blob",
        "The customer-provided key the S3 source object was encrypted with.",
    ),
    choice(
        "storage-class",
        STORAGE_CLASSES,
        "The storage class of the objects written; STANDARD when not given.",
    ),
    option(
        "grants",
        ValueKind::Many,
        "string",
        "Permissions granted on the objects, each as Permission=Grantee_Type=Grantee_ID: \
         Permission is read, readacl, writeacl or full; Grantee_Type is uri, emailaddress or \
         id.",
    ),
    string(
        "website-redirect",
        "For a bucket serving a website: where requests for the object are redirected to (a \
         path in the bucket or a URL).",
    ),
    string(
        "content-type",
        "The Content-Type stored with the objects, instead of the one guessed from the file \
         name.",
    ),
    string(
        "cache-control",
        "The Cache-Control header stored with the objects.",
    ),
    string(
        "content-disposition",
        "The Content-Disposition header stored with the objects.",
    ),
    string(
        "content-encoding",
        "The Content-Encoding header stored with the objects: the codings applied to them.",
    ),
    string("content-language", "The language of the objects' content."),
    string(
        "expires",
        "When the objects stop being cacheable, as an ISO 8601 timestamp.",
    ),
    string(
        "source-region",
        "The region of the source bucket, for a copy between buckets in different regions.",
    ),
    ONLY_SHOW_ERRORS,
    flag(
        "no-progress",
        "Do not show the progress of the transfer (it is shown unless --quiet or \
         --only-show-errors is given).",
    ),
    unlisted(option(
        "progress-frequency",
        ValueKind::Integer,
        "integer",
        "How many seconds pass between two updates of the progress line.",
    )),
    unlisted(flag(
        "progress-multiline",
        "Print each progress update on its own line instead of redrawing one line.",
    )),
    PAGE_SIZE,
    flag(
        "ignore-glacier-warnings",
        "Say nothing about Glacier objects that cannot be copied or downloaded.",
    ),
    flag(
        "force-glacier-transfer",
        "Transfer Glacier objects even when they do not look restored (for example objects \
         restored by a lifecycle rule).",
    ),
    REQUEST_PAYER,
    unlisted(choice(
        "checksum-mode",
        &["ENABLED"],
        "Check downloads against the checksum stored with the object.",
    )),
    unlisted(choice(
        "checksum-algorithm",
        CHECKSUM_ALGORITHMS,
        "The checksum algorithm computed for uploads and copies (CRC64NVME by default).",
    )),
];

/// The options of copies (`cp`, `mv`, `sync`) after the transfer options.
const COPY: &[S3Option] = &[
    option(
        "metadata",
        ValueKind::Value,
        "map",
        "User metadata stored with the objects, as key=value pairs or JSON. With \
         --metadata-directive REPLACE it replaces the metadata of copied objects.",
    ),
    choice(
        "copy-props",
        &["none", "metadata-directive", "default"],
        "Which properties of the source are kept on an S3-to-S3 copy: none, only what the \
         copy request carries (metadata-directive), or also the tags (default).",
    ),
    choice(
        "metadata-directive",
        &["COPY", "REPLACE"],
        "On an S3-to-S3 copy, keep the source's metadata (COPY) or use the metadata given \
         on the command line (REPLACE).",
    ),
];

/// `--case-conflict` and `--no-overwrite`, which end the copies' tables.
const DOWNLOAD_SAFETY: &[S3Option] = &[
    unlisted(choice(
        "case-conflict",
        &["ignore", "skip", "warn", "error"],
        "What a recursive download does with a file whose name differs only by case from \
         one that exists or is being downloaded: nothing (ignore, the default), skip it, \
         download it with a warning (warn), or stop (error).",
    )),
    unlisted(flag(
        "no-overwrite",
        "Do not replace files or objects that already exist at the destination.",
    )),
];

const TRANSFER_PATHS: Paths = Paths {
    name: "paths",
    count: PathCount::Exactly(2),
    synopsis: "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>",
    help: "The source and the destination, local or S3.",
};

const BUCKET_PATH: Paths = Paths {
    name: "path",
    count: PathCount::One,
    synopsis: "<S3Uri>",
    help: "",
};

const LS: S3Command = S3Command {
    name: "ls",
    description: &[
        "Lists the buckets of the account, or the objects and common prefixes under an S3 \
         URI. The --output and --no-paginate options do not apply to this command.",
    ],
    paths: Paths {
        name: "paths",
        count: PathCount::Optional,
        synopsis: "<S3Uri> or NONE",
        help: "The bucket or prefix to list; every bucket when omitted.",
    },
    groups: &[&[
        RECURSIVE,
        PAGE_SIZE,
        flag(
            "human-readable",
            "Show sizes in KiB, MiB, GiB ... rather than bytes.",
        ),
        flag(
            "summarize",
            "End the listing with the number of objects and their total size.",
        ),
        REQUEST_PAYER,
        unlisted(string(
            "bucket-name-prefix",
            "List only the buckets whose name starts with this prefix.",
        )),
        unlisted(string(
            "bucket-region",
            "List only the buckets in this region.",
        )),
    ]],
};

const WEBSITE: S3Command = S3Command {
    name: "website",
    description: &["Sets the website configuration of a bucket: its index and error documents."],
    paths: Paths {
        name: "paths",
        count: PathCount::Exactly(1),
        synopsis: "<S3Uri>",
        help: "The bucket, as s3://name.",
    },
    groups: &[&[
        string(
            "index-document",
            "The suffix appended to requests for a directory (index.html serves \
             images/index.html for images/). It cannot contain a slash.",
        ),
        string(
            "error-document",
            "The object key returned when a 4XX error occurs.",
        ),
    ]],
};

const CP: S3Command = S3Command {
    name: "cp",
    description: &[
        "Copies a local file or S3 object to another location, locally or in S3. With \
         --recursive, copies every file or object under a directory or prefix. A dash \
         (-) as the source or destination streams from standard input or to standard \
         output.",
    ],
    paths: TRANSFER_PATHS,
    groups: &[
        TRANSFER,
        COPY,
        &[
            string(
                "expected-size",
                "The size in bytes of a stream uploaded from standard input, so that parts can \
                 be sized for a stream larger than 50 GB.",
            ),
            RECURSIVE,
        ],
        DOWNLOAD_SAFETY,
    ],
};

const MV: S3Command = S3Command {
    name: "mv",
    description: &[
        "Moves a local file or S3 object to another location: copies it, then deletes the \
         source. With --recursive, moves every file or object under a directory or prefix.",
    ],
    paths: TRANSFER_PATHS,
    groups: &[
        TRANSFER,
        COPY,
        &[
            RECURSIVE,
            unlisted(flag(
                "validate-same-s3-paths",
                "Resolve access points and aliases to their buckets to check that an object \
                 is not moved onto itself.",
            )),
        ],
        DOWNLOAD_SAFETY,
    ],
};

const RM: S3Command = S3Command {
    name: "rm",
    description: &["Deletes an S3 object, or with --recursive every object under a prefix."],
    paths: Paths {
        name: "paths",
        count: PathCount::Exactly(1),
        synopsis: "<S3Uri>",
        help: "The object, or with --recursive the prefix, to delete.",
    },
    groups: &[&[
        DRYRUN,
        QUIET,
        RECURSIVE,
        REQUEST_PAYER,
        INCLUDE,
        EXCLUDE,
        ONLY_SHOW_ERRORS,
        PAGE_SIZE,
    ]],
};

const SYNC: S3Command = S3Command {
    name: "sync",
    description: &[
        "Makes the destination directory or prefix match the source: copies the files and \
         objects that are missing at the destination or differ in size or are newer at the \
         source. Nothing is deleted unless --delete is given.",
    ],
    paths: TRANSFER_PATHS,
    groups: &[
        TRANSFER,
        COPY,
        &[
            flag(
                "size-only",
                "Compare only the sizes of source and destination to decide what to sync.",
            ),
            flag(
                "exact-timestamps",
                "On a download, copy objects of the same size unless their timestamps are \
                 equal, rather than only when the source is newer.",
            ),
            flag(
                "delete",
                "Delete the destination files or objects that the source does not have \
                 (filters apply).",
            ),
        ],
        DOWNLOAD_SAFETY,
    ],
};

const MB: S3Command = S3Command {
    name: "mb",
    description: &["Creates a bucket, in the configured region unless --region says otherwise."],
    paths: Paths {
        help: "The bucket to create, as s3://name.",
        ..BUCKET_PATH
    },
    groups: &[&[unlisted(option(
        "tags",
        ValueKind::Many,
        "string",
        "Tags given to the new bucket, as Key=Value pairs.",
    ))]],
};

const RB: S3Command = S3Command {
    name: "rb",
    description: &["Deletes an empty bucket; with --force, deletes its objects first."],
    paths: Paths {
        help: "The bucket to delete, as s3://name.",
        ..BUCKET_PATH
    },
    groups: &[&[flag(
        "force",
        "Delete every object of the bucket before the bucket itself. Versioned objects are \
         not deleted, so a versioned bucket may still fail to go.",
    )]],
};

const PRESIGN: S3Command = S3Command {
    name: "presign",
    description: &[
        "Prints a URL that grants time-limited access to an S3 object (a GET request) to \
         whoever holds it, signed with the current credentials.",
    ],
    paths: Paths {
        help: "The object the URL gives access to.",
        ..BUCKET_PATH
    },
    groups: &[&[option(
        "expires-in",
        ValueKind::Integer,
        "integer",
        "How long the URL stays valid, in seconds: 3600 (one hour) by default, at most \
         604800 (seven days).",
    )]],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_within_a_command() {
        for command in COMMANDS {
            let mut names: Vec<&str> = command.options().map(|o| o.name).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{}", command.name);
        }
    }

    #[test]
    fn transfer_commands_share_their_options() {
        let cp = command("cp").unwrap();
        let sync = command("sync").unwrap();
        assert_eq!(cp.option("sse"), sync.option("sse"));
        assert_eq!(
            cp.option("sse").unwrap().kind.choices(),
            ["AES256", "aws:kms"]
        );
        assert!(sync.option("recursive").is_none());
        assert!(command("mv")
            .unwrap()
            .option("validate-same-s3-paths")
            .is_some());
        assert_eq!(command("ls").unwrap().paths.bounds(), (0, 1));
        assert_eq!(cp.paths.bounds(), (2, 2));
        assert_eq!(command("presign").unwrap().paths.name, "path");
    }

    #[test]
    fn paired_options_are_followed_by_their_partner() {
        for command in COMMANDS {
            let options: Vec<&S3Option> = command.options().collect();
            for (i, o) in options.iter().enumerate() {
                if o.paired_with_next {
                    assert!(options[i + 1].name.starts_with("no-"), "{}", o.name);
                }
            }
        }
    }
}
