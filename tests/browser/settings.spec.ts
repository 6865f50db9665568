// Settings › Database over the mock backend: switching files and servers, the password field
// never echoed into what is shown, and a server that cannot be reached changing nothing.
import { expect, test } from "@playwright/test";

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.clear());
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
});

test("a database file can be opened and the default chosen again", async ({ page }) => {
  const db = page.getByRole("group", { name: "Database" });
  await expect(db).toContainText("in-browser mock");
  await db.getByRole("button", { name: "Open a database file…" }).click();
  await expect(db).toContainText("SQLite (a file on this computer)");
  await expect(db).toContainText("/home/you/Documents/team-accord.db");
  await expect(page.getByRole("status")).toContainText("Now using SQLite");
  await db.getByRole("button", { name: "Use the default file" }).click();
  await expect(db).toContainText("/home/you/.local/share/accord/accord.db");
});

test("a PostgreSQL server is connected with the password kept out of sight", async ({ page }) => {
  const db = page.getByRole("group", { name: "Database" });
  await db.getByLabel("Server URL").fill("postgres://dana@db.example:5432/accord");
  const password = db.getByLabel("Password");
  await expect(password).toHaveAttribute("type", "password");
  await password.fill("hunter2");
  await db.getByRole("button", { name: "Connect" }).click();
  await expect(db).toContainText("PostgreSQL (shared with your team)");
  await expect(db).toContainText("postgres://dana@db.example:5432/accord");
  await expect(password).toHaveValue("");
  await expect(page.locator("body")).not.toContainText("hunter2");
});

test("an unreachable server or a bad URL is explained and nothing changes", async ({ page }) => {
  const db = page.getByRole("group", { name: "Database" });
  await db.getByLabel("Server URL").fill("mysql://dana@db.example/accord");
  await db.getByRole("button", { name: "Connect" }).click();
  await expect(db.getByRole("alert")).toContainText("The database was not changed");
  await expect(db.getByRole("alert")).toContainText("must start with postgres://");
  await db.getByLabel("Server URL").fill("postgres://dana@unreachable:5432/accord");
  await db.getByRole("button", { name: "Connect" }).click();
  await expect(db.getByRole("alert")).toContainText("connection refused");
  await expect(db).toContainText("in-browser mock");
});
