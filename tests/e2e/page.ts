// What the end-to-end tests ask of the window, shared: a button or heading by its words, an
// element's text or attribute, the sidebar's database line, and waiting for a text to appear.
// `browser` is read when called: sessions start in beforeAll.

export function on(browser: () => WebdriverIO.Browser) {
  const b = () => browser();
  const text = (selector: string) => b().execute((s) => document.querySelector(s)?.textContent ?? "", selector);
  return {
    button: (name: string) => b().$(`//button[normalize-space(.)=${JSON.stringify(name)}]`),
    heading: (words: string) => b().$(`//h1[contains(normalize-space(.), ${JSON.stringify(words)})]`),
    text,
    attr: (selector: string, name: string) => b().execute((s, n) => document.querySelector(s)?.getAttribute(n) ?? "", selector, name),
    sidebar: () => text(".sidebar-foot .db"),
    /** Waits until the element's text holds `needle`; says what it held when it never does. */
    async waitText(selector: string, needle: string, timeout = 30_000): Promise<string> {
      let last = "";
      await b()
        .waitUntil(
          async () => {
            last = await text(selector);
            return last.includes(needle);
          },
          { timeout, interval: 100 },
        )
        .catch(() => {
          throw new Error(`${selector} never said "${needle}"; it says: ${last.slice(0, 600)}`);
        });
      return last;
    },
  };
}
