/** What the config service tells the console before sign-in (GET /console/settings.json). */
export interface ConsoleSettings {
  apiBase: string;
  apiDocs: string;
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

let loaded: Promise<ConsoleSettings> | undefined;

export function consoleSettings(): Promise<ConsoleSettings> {
  loaded ??= fetch('/console/settings.json', { credentials: 'omit' }).then((r) => {
    if (!r.ok) {
      throw new Error(`settings.json answered ${r.status}`);
    }
    return r.json() as Promise<ConsoleSettings>;
  });
  return loaded;
}
