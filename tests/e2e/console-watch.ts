import type { ConsoleMessage, Page } from "playwright-core";

export interface ExpectedFailedResponse {
  /** Exact pathname of the request the test made fail on purpose, e.g. "/api/prompt". */
  path: string;
  status: number;
}

/**
 * Collects what a page reports as broken: console errors and uncaught exceptions. Chromium logs
 * "Failed to load resource" for every 4xx/5xx fetch; only the ones a test declared are left out.
 */
export class ConsoleWatch {
  readonly problems: string[] = [];
  private readonly expected: ExpectedFailedResponse[] = [];

  constructor(page: Page) {
    page.on("console", (message) => {
      if (message.type() === "error" && !this.isExpected(message)) {
        this.problems.push(`console.error at ${message.location().url || page.url()}: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => this.problems.push(`uncaught ${error.name}: ${error.message}`));
  }

  expectFailedResponse(expected: ExpectedFailedResponse): void {
    this.expected.push(expected);
  }

  private isExpected(message: ConsoleMessage): boolean {
    const status = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(message.text())?.[1];
    if (status === undefined) return false;
    const url = message.location().url;
    if (!url) return false;
    const path = new URL(url).pathname;
    return this.expected.some((expected) => expected.path === path && expected.status === Number(status));
  }
}
