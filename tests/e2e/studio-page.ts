import type { Locator, Page } from "playwright-core";
import type { Dictionary } from "@/lib/shared/i18n/en";
import type { TaskView } from "@/lib/shared/task-view";
import type { TaskStatus } from "@/lib/shared/task-status";

export interface GenerateChoices {
  prompt: string;
  model?: string;
  aspectRatio?: string;
  isPrivate?: boolean;
}

/** The studio as a person uses it: by its labels and buttons, in the page's language. */
export class StudioPage {
  constructor(
    readonly page: Page,
    readonly strings: Dictionary,
  ) {}

  get promptBox(): Locator {
    return this.page.getByLabel(this.strings.studio.promptLabel, { exact: true });
  }

  /**
   * Waits until React has hydrated: the task list is loaded by the browser, so its loading text
   * disappears only once the page is interactive (a click before that would submit the bare form).
   */
  async waitUntilInteractive(): Promise<void> {
    await this.page.getByText(this.strings.tasks.loading, { exact: true }).waitFor({ state: "detached" });
  }

  /** Radios are styled cards: click the visible card, then make sure the choice took. */
  private async choose(group: string, value: string): Promise<void> {
    const input = this.page.locator(`input[type="radio"][name="${group}"][value="${value}"]`);
    await this.page.locator("label", { has: input }).click();
    if (!(await input.isChecked())) throw new Error(`${group} ${value} did not get selected`);
  }

  async fillForm({ prompt, model, aspectRatio, isPrivate }: GenerateChoices): Promise<void> {
    await this.promptBox.fill(prompt);
    if (model) await this.choose("model", model);
    if (aspectRatio) await this.choose("aspect_ratio", aspectRatio);
    if (isPrivate !== undefined) {
      const toggle = this.page.getByRole("switch", { name: this.strings.studio.privateLabel });
      if ((await toggle.isChecked()) !== isPrivate) await this.page.locator('label[for="is-private"]').click();
      if ((await toggle.isChecked()) !== isPrivate) throw new Error("the private switch did not change");
    }
  }

  /** Fills the form, presses Generate and returns the task the API created. */
  async generate(choices: GenerateChoices): Promise<TaskView> {
    await this.fillForm(choices);
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/generate" && r.request().method() === "POST"),
      this.page.getByRole("button", { name: this.strings.studio.submit }).click(),
    ]);
    if (response.status() !== 201) throw new Error(`POST /api/generate answered ${response.status()}: ${await response.text()}`);
    return ((await response.json()) as { task: TaskView }).task;
  }

  card(taskId: string): Locator {
    return this.page.locator(`li#task-${taskId}`);
  }

  /** Resolves once the card shows this status label (e.g. "Done"). */
  async waitForStatus(taskId: string, status: TaskStatus): Promise<void> {
    await this.card(taskId).getByText(this.strings.tasks.status[status], { exact: true }).waitFor();
  }
}
