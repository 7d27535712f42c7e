import { UsageError } from "../errors.js";
import { quoteInput } from "../output/quote-input.js";

/** Parses an integer flag value, naming the flag in the error. */
export function parseInteger(raw: string, flag: string, range: { min?: number; max?: number } = {}): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`${flag} must be a whole number, got ${quoteInput(raw)}.`);
  }
  if (range.min !== undefined && value < range.min) throw new UsageError(`${flag} must be at least ${range.min}, got ${value}.`);
  if (range.max !== undefined && value > range.max) throw new UsageError(`${flag} must be at most ${range.max}, got ${value}.`);
  return value;
}
