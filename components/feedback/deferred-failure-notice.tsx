"use client";

import { type ComponentProps, lazy, Suspense } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import type { Dictionary } from "@/lib/shared/i18n/en";

// A failure is never on a page's first screen, so the notice and the table that sorts error codes into advice stay out
// of the first load (whose budget is tight). They are fetched as soon as the page is up: a failure that cuts the
// network (the "network" notice) must not also cut off the code that explains it.
const failureNotice = () => import("./failure-notice");
const classifyFailure = () => import("@/components/api-client/classify-failure");
const LazyFailureNotice = lazy(() => failureNotice().then((module) => ({ default: module.FailureNotice })));

export function preloadFailureNotice(): void {
  void failureNotice();
  void classifyFailure();
}

/** The failure notice, fetched on demand (see above); renders nothing for the moment it takes to arrive. */
export function FailureNotice(props: ComponentProps<typeof LazyFailureNotice>) {
  return (
    <Suspense fallback={null}>
      <LazyFailureNotice {...props} />
    </Suspense>
  );
}

/** The title of a failure's advice, for a screen reader's announcement. */
export async function failureTitle(failure: ApiFailure, strings: Dictionary["errors"]): Promise<string> {
  const module = await classifyFailure();
  return strings[module.classifyFailure(failure)].title;
}
