// zod/mini, not zod: the same parsers in a fraction of the size, which every command that reads
// input (init's options, every manifest read) loads and compiles before its first request. Its
// messages come from zod's English locale, configured once here, as zod's own are.
//
// Consumers import this module as a namespace (`import * as z`) and only read its members, so the
// bundler keeps just the parsers they use. Exporting zod's namespace object itself (`export { z }`)
// made it keep all of zod, every locale included: a 700 KB chunk on every command's path.
import { config } from "zod/mini";
import englishMessages from "zod/v4/locales/en.js";

config(englishMessages());

export * from "zod/mini";
