#!/usr/bin/python3
"""Generates render_cases.json: expected output bytes for each sample
document, produced by the reference AWS CLI's own formatters
(/usr/lib/python3/dist-packages/awscli). Run with the system Python:

    /usr/bin/python3 crates/awscli-output/tests/data/generate.py

The Rust test (tests/render.rs) renders the same inputs and compares.
"""
import io
import json
import os
import sys
import argparse

sys.path.insert(0, '/usr/lib/python3/dist-packages')
import awscli.table
awscli.table.determine_terminal_width = lambda default_width=80: 80
from awscli import text
from awscli.formatter import JSONFormatter, YAMLDumper, TableFormatter

HERE = os.path.dirname(os.path.abspath(__file__))

DOCS = [
    {},
    [],
    None,
    "alice",
    42,
    1.0,
    {"Users": []},
    {"Users": [{"UserName": "alice", "UserId": "AID1", "Arn": "arn:aws:iam::1:user/alice",
                "CreateDate": "2026-11-27T01:22:33+00:00", "Path": "/",
                "Tags": [{"Key": "team", "Value": "x"}]},
               {"UserName": "bob", "UserId": "AID2", "Path": "/",
                "PasswordLastUsed": "2026-01-01T00:00:00+00:00"}],
     "IsTruncated": False},
    {"a": 1.5e20, "b": 1e-05, "c": 0.1, "d": -0.0, "e": 123456789012, "f": True, "g": None,
     "h": "quote\" back\\ nl\n tab\t ctl\u001f del\u007f é 😀"},
    {"Nested": {"Deeper": {"List": [1, 2, 3], "Empty": {}, "EmptyList": []}, "Scalar": "v"}},
    [["a", "b"], ["c", "d"]],
    [1, "two", None, True, 3.5],
    {"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running", "Code": 16},
                                      "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default"}]},
                                     {"InstanceId": "i-2", "State": {"Name": "stopped", "Code": 80}}],
                       "ReservationId": "r-1", "OwnerId": "123"}]},
    {"Strings": ["yes", "no", "0123", "true", "", "a: b", "2026-11-27T01:22:33+00:00", "multi\nline\n\nx",
                 " lead", "trail ", "-", "- a", "#x", "a #b", "null", "~", "1e5", "1.5", ".inf", "0x1F",
                 "it's", "x" * 100, "word " * 30]},
    {"Mixed": [{"a": 1}, "scalar", ["x", "y"], {"b": [1, 2]}]},
    {"ListOfLists": [[1, 2], ["a", ["nested"]]]},
    {"Single": {"OnlyKey": "value"}},
    {"Wide": [{"Name": "n" * 30, "Description": "d" * 40, "Value": "v" * 20}]},
    {"Unicode": {"名前": "値", "Emoji": "🎉"}},
    {"Account": "123456789012", "UserId": "AIDA", "Arn": "arn:aws:iam::123456789012:user/alice"},
    {"Items": [{"k": "v1"}, {"k": "v2", "extra": "e"}, {"other": 1}]},
    {"Numbers": [0, 0.0, -1, 2.5e-7, 1e16, 1e15, 12345.678]},
    {"ResponseList": [{"Name": "a", "Sub": {"X": 1, "Y": 2}}, {"Name": "b", "Sub": {"X": 3}}]},
    {"true": 1, "": "empty key", "a b": "c", "key: x": "y", "0123": "k", "multi\nkey": 1},
    {"Folded": ["it's " * 25 + "end", "tab\t" + "z " * 50, "x:" + " y" * 60, "  " + "w " * 50,
                "line one\nline two " + "q " * 45]},
    {"Text": {"Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}],
              "Names": ["a", "b"], "Deep": [[1, 2], [3, [4, 5]]], "Mixed": [1, [2, 3], "x"]}},
    {"Cols": [{"A": "a" * 30, "B": "b" * 30, "C": "c" * 30}, {"A": "1", "B": "2", "C": "3"}],
     "Info": {"One": "o" * 50, "Two": "t" * 50}},
    {"Scalars": ["a", "b", "c"], "Pairs": [["k", "v"], ["k2", "v2"]]},
    [{"Name": "x", "Val": None, "Flag": False, "Num": 0}, {"Name": "y", "Val": 1.25}],
    "line1\nline2",
    True,
    {"k": 0, "e": "", "n": None, "f": False},
]


def render_json(doc):
    s = io.StringIO()
    JSONFormatter(argparse.Namespace(query=None))._format_response('ListUsers', doc, s)
    return s.getvalue()


def render_text(doc):
    s = io.StringIO()
    text.format_text(doc, s)
    return s.getvalue()


def render_yaml(doc):
    s = io.StringIO()
    if doc != {}:
        YAMLDumper().dump(doc, s)
    return s.getvalue()


def render_table(doc, color='off'):
    s = io.StringIO()
    TableFormatter(argparse.Namespace(query=None, color=color))._format_response('ListUsers', doc, s)
    return s.getvalue()


def render_table_color(doc):
    return render_table(doc, color='on')


def capture(render, doc):
    # A shape the reference formatter crashes on is recorded as its error.
    try:
        return render(doc)
    except Exception as e:
        return {'error': str(e)}


cases = []
for doc in DOCS:
    cases.append({
        'input': doc,
        'json': capture(render_json, doc),
        'text': capture(render_text, doc),
        'yaml': capture(render_yaml, doc),
        'table': capture(render_table, doc),
        'table-color': capture(render_table_color, doc),
    })
with open(os.path.join(HERE, 'render_cases.json'), 'w') as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
    f.write('\n')
