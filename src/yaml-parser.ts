// yaml's parser, for code that loads it lazily with `await import("…/yaml-parser.js")`, so that
// YAML is loaded only where YAML is read. yaml ships CommonJS for Node, and in the bundle a CommonJS
// package loaded through import() has only a default export; a static re-export from one of our
// own modules keeps the named exports (bin/build.mjs refuses the direct import()).
export { parseDocument } from "yaml";
