// Reads each .tf file named on the command line with HCL's own parser (@cdktf/hcl2json, Go
// compiled to wasm) and prints one JSON object: {"<path>": <the file as Terraform's JSON>}.
// A file that does not parse prints {"<path>": {"__error": "<HCL's diagnostic>"}}.
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

async function main() {
  const out = {};
  for (const file of process.argv.slice(2)) {
    try {
      out[file] = await parse(file, fs.readFileSync(file, "utf8"));
    } catch (e) {
      out[file] = { __error: String(e && e.message ? e.message : e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e) + "\n");
  process.exit(1);
});
