"use client";

import { useState } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { Button } from "@/components/ui/button";
import type { GenerateRequest } from "@/lib/shared/api/generate";
import { format } from "@/lib/shared/i18n/format";
import { isLocale } from "@/lib/shared/i18n/locales";
import { UPSCALE_FACTORS, upscaleFactorsFor, upscaledSize, type UpscaleFactor } from "@/lib/shared/models/upscale";
import { formatUsd, microsToUsd } from "@/lib/shared/money";
import type { TaskView } from "@/lib/shared/task-view";
import { ExpandPanel } from "./expand-panel";
import styles from "./image-tools.module.css";
import type { ImageToolsActions } from "./tool-actions";
import { type ToolImage, toolPriceMicros, upscaleRequest } from "./tool-request";

/** The image `index` of a finished task as the tools name it. */
function taskToolImage(task: TaskView, index: number): ToolImage | null {
  const image = task.images[index];
  if (!image) return null;
  const size = image.width && image.height ? { width: image.width, height: image.height } : null;
  return { ref: `task:${task.id}/${index}`, url: image.url, size, isPrivate: task.is_private };
}

/** "Erase or replace", "Expand" (with its frames) and "Upscale 2× / 4×" under a finished result, each with its price. */
export function ImageTools({ task, tools }: { task: TaskView; tools: ImageToolsActions }) {
  const { fill, upscale, strings } = tools;
  const [index, setIndex] = useState(0);
  const [expanding, setExpanding] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const image = taskToolImage(task, index) ?? taskToolImage(task, 0);
  if (!image || (!fill && !upscale)) return null;
  const usd = (micros: number) => formatUsd(microsToUsd(micros), isLocale(tools.locale) ? tools.locale : "en");
  const possible: readonly UpscaleFactor[] = image.size ? upscaleFactorsFor(image.size) : UPSCALE_FACTORS;

  async function run(key: string, body: GenerateRequest) {
    setSending(key);
    setFailure(null);
    const refused = await tools.start(body);
    setSending(null);
    setFailure(refused);
    if (!refused) setExpanding(false);
  }

  return (
    <section className={styles.tools} aria-label={strings.toolsLabel}>
      {task.images.length > 1 ? (
        <div className={styles.pick} role="radiogroup" aria-label={strings.imagePick}>
          {task.images.map((picture, position) => (
            <Button
              key={picture.url}
              size="sm"
              variant={position === index ? "secondary" : "ghost"}
              role="radio"
              aria-checked={position === index}
              onClick={() => setIndex(position)}
            >
              {format(strings.imageNumbered, { index: position + 1 })}
            </Button>
          ))}
        </div>
      ) : null}
      <div className={styles.row}>
        {fill ? (
          <>
            <Button size="sm" variant="secondary" title={strings.eraseHint} onClick={() => tools.openEditor(image)}>
              {strings.erase}
            </Button>
            <Button size="sm" variant="secondary" title={strings.expandHint} aria-expanded={expanding} onClick={() => setExpanding((open) => !open)}>
              {strings.expand}
            </Button>
          </>
        ) : null}
        {upscale
          ? UPSCALE_FACTORS.map((factor) => {
              const allowed = possible.includes(factor);
              const label = format(strings.upscale, { factor });
              return (
                <Button
                  key={factor}
                  size="sm"
                  variant="secondary"
                  disabled={!allowed || sending !== null}
                  aria-busy={sending === `upscale-${factor}`}
                  title={
                    allowed
                      ? image.size
                        ? format(strings.newSize, { ...upscaledSize(image.size, factor) })
                        : undefined
                      : format(strings.upscaleTooLarge, { factor })
                  }
                  onClick={() => void run(`upscale-${factor}`, upscaleRequest(upscale.key, image, factor, tools))}
                >
                  {label}
                  <span className={styles.price}>{usd(toolPriceMicros(upscale, { scale: factor }, image))}</span>
                </Button>
              );
            })
          : null}
      </div>
      {expanding && fill ? <ExpandPanel image={image} fill={fill} tools={tools} sending={sending} onPick={run} usd={usd} /> : null}
      {sending ? (
        <p className={styles.note} role="status">
          {strings.starting}
        </p>
      ) : null}
      {failure ? <FailureNotice failure={failure} strings={tools.errorStrings} /> : null}
    </section>
  );
}
