"""Prints, as JSON, what botocore's configloader makes of each INI file given as an argument.

Used by tests/ini_differential.rs: the reference parser is the oracle. Run with the pinned
botocore on sys.path (first argument).
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import botocore.configloader as configloader  # noqa: E402

results = {}
for path in sys.argv[2:]:
    try:
        raw = configloader.raw_config_parse(path)
        results[path] = {"raw": raw, "loaded": configloader.build_profile_map(raw)}
    except Exception as error:  # the test only compares success vs failure
        results[path] = {"error": type(error).__name__}
print(json.dumps(results))
