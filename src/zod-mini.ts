// zod/mini, not zod: the same parsers in about 30 KB instead of 750 KB, which every command that
// reads input (init's options, every manifest read) used to load and compile before its first
// request. Its messages come from zod's English locale, configured once here, as zod's own are.
import * as z from "zod/mini";
import englishMessages from "zod/v4/locales/en.js";

z.config(englishMessages());

export { z };
