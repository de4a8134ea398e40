// The fair ajv baseline: one process compiles the schema once (with ajv-formats, so `date-time` is
// checked), then validates every NDJSON line or every file of a folder. Prints `valid N invalid M`;
// exits 1 if any is invalid. Usage: node ajv_validate.js SCHEMA (ndjson FILE | folder DIR)
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const [schemaPath, mode, input] = process.argv.slice(2);
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

let valid = 0;
let invalid = 0;
function check(text) {
  if (validate(JSON.parse(text))) valid++;
  else invalid++;
}
if (mode === "ndjson") {
  for (const line of fs.readFileSync(input, "utf8").split("\n")) {
    if (line.trim() !== "") check(line);
  }
} else {
  for (const name of fs.readdirSync(input).sort()) {
    check(fs.readFileSync(path.join(input, name), "utf8"));
  }
}
console.log(`valid ${valid} invalid ${invalid}`);
process.exitCode = invalid ? 1 : 0;
