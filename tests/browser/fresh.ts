// Each browser test starts on a clean slate: the app's stored settings and route are cleared
// once, before the test's first page load (not on the reloads the test makes itself, which must
// find what it stored).
import type { Page } from "@playwright/test";

export async function freshStorage({ page }: { page: Page }): Promise<void> {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
}
