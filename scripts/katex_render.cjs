// Typeset formulas with KaTeX at build time.
// Reads a JSON list of {tex, display} from stdin and writes a JSON list of
// HTML strings to stdout. A formula KaTeX cannot parse makes the script exit
// with an error naming it, so that the build stops.
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const html = formulas.map(({ tex, display }) => {
    try {
      return katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        output: "htmlAndMathml",
      });
    } catch (error) {
      process.stderr.write(`${error.message}\nin the formula: ${tex}\n`);
      process.exit(1);
    }
  });
  process.stdout.write(JSON.stringify(html));
});
