import { safeDecode } from "./safe-decode.js";
import type { Route } from "./types.js";

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches request paths against `:param` patterns; tells 404 (no path) from 405 (wrong method). */
export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(routes: Route[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.pattern
        .split("/")
        .map((segment) => {
          if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(segment.slice(1));
          return "([^/]+)";
        })
        .join("/");
      this.compiled.push({ route, regex: new RegExp(`^${source}/?$`), names });
    }
    return this;
  }

  match(method: string, path: string): RouteMatch | "method-not-allowed" | undefined {
    let pathMatched = false;
    for (const { route, regex, names } of this.compiled) {
      const m = regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? "", decodeURIComponent);
      });
      return { route, params };
    }
    return pathMatched ? "method-not-allowed" : undefined;
  }
}
