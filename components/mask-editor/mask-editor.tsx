"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type PointerEvent } from "react";
import type { ApiFailure } from "@/components/api-client/api-result";
import { sendGenerate, uploadImage } from "@/components/api-client/endpoints";
import { FailureNotice } from "@/components/feedback/failure-notice";
import { fillRequest, type ToolImage, toolPriceMicros } from "@/components/image-tools/tool-request";
import { Button } from "@/components/ui/button";
import type { Dictionary } from "@/lib/shared/i18n/en";
import { isLocale } from "@/lib/shared/i18n/locales";
import type { ModelOption } from "@/lib/shared/models/options";
import { formatUsd, microsToUsd } from "@/lib/shared/money";
import type { TaskView } from "@/lib/shared/task-view";
import { brushInImagePixels, fitScale, type Size, toImagePoint, zoomStep } from "./mask-geometry";
import { coverage, EMPTY_HISTORY, type MaskHistory, type Point, record, redo, undo } from "./mask-history";
import { toBlackAndWhite } from "./mask-pixels";
import { drawStroke, replay } from "./mask-render";
import styles from "./mask-editor.module.css";

export interface MaskEditorProps {
  image: ToolImage;
  fill: Pick<ModelOption, "key" | "price" | "size">;
  locale: string;
  strings: Dictionary["imageTools"];
  errorStrings: Dictionary["errors"];
  onCreated: (task: TaskView) => void;
  onClose: () => void;
}

interface Stroke {
  pointerId: number;
  mode: "paint" | "erase";
  size: number;
  points: Point[];
}

/** Brush widths in screen pixels: what a finger or a mouse covers, whatever the zoom. */
const BRUSH_MIN = 4;
const BRUSH_MAX = 160;
const BRUSH_DEFAULT = 40;
/** Room kept around the image when it is fitted, so its edges can be painted from outside. */
const STAGE_PADDING = 16;

/**
 * "Erase or replace": a modal dialog over the image where a brush marks what to repaint (mouse, pen and touch alike;
 * two fingers pan a zoomed image), with an eraser, undo/redo, clear, invert and zoom. The mask is painted at the
 * image's own pixel size, sent as a black-and-white PNG upload, then the fill model is asked to repaint it.
 */
export function MaskEditor({ image, fill, locale, strings, errorStrings, onCreated, onClose }: MaskEditorProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const cursor = useRef<HTMLSpanElement>(null);
  const [natural, setNatural] = useState<Size | null>(null);
  const [imageFailed, setImageFailed] = useState(false);
  const [box, setBox] = useState<Size>({ width: 0, height: 0 });
  const [zoom, setZoom] = useState<number | null>(null);
  const [mode, setMode] = useState<"paint" | "erase">("paint");
  const [brush, setBrush] = useState(BRUSH_DEFAULT);
  const [history, setHistory] = useState<MaskHistory>(EMPTY_HISTORY);
  const [prompt, setPrompt] = useState("");
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const stroke = useRef<Stroke | null>(null);
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pan = useRef<{ x: number; y: number } | null>(null);

  const fit = natural ? fitScale(natural, { width: box.width - STAGE_PADDING * 2, height: box.height - STAGE_PADDING * 2 }) : 1;
  const scale = zoom ?? fit;
  const painted = coverage(history.done) !== "none";
  const price = formatUsd(microsToUsd(toolPriceMicros(fill, { mask: "mask" }, image)), isLocale(locale) ? locale : "en");

  useEffect(() => {
    const element = dialog.current;
    // Modal: the page behind is inert and Escape closes it (its `close` event calls onClose).
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setBox({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Every step done, drawn again from nothing: after a stroke, an undo, a redo, a clear or an invert.
  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (context && natural) replay(context, history.done, natural.width, natural.height);
  }, [history.done, natural]);

  const context = () => canvas.current?.getContext("2d") ?? null;

  function pointAt(clientX: number, clientY: number): Point | null {
    const element = canvas.current;
    return element && natural ? toImagePoint(clientX, clientY, element.getBoundingClientRect(), natural) : null;
  }

  function moveCursor(event: PointerEvent<HTMLCanvasElement>) {
    const element = cursor.current;
    if (!element) return;
    const rect = event.currentTarget.getBoundingClientRect();
    element.hidden = event.pointerType === "touch";
    element.style.transform = `translate(${event.clientX - rect.left}px, ${event.clientY - rect.top}px)`;
  }

  function onPointerDown(event: PointerEvent<HTMLCanvasElement>) {
    if (!natural || busy || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    if (event.pointerType === "touch") {
      touches.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (touches.current.size >= 2) {
        // A second finger means pan: the stroke the first one began is dropped.
        if (stroke.current) {
          stroke.current = null;
          const ctx = context();
          if (ctx) replay(ctx, history.done, natural.width, natural.height);
        }
        pan.current = midpoint(touches.current);
        return;
      }
    }
    const point = pointAt(event.clientX, event.clientY);
    const ctx = context();
    if (!point || !ctx) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const size = brushInImagePixels(brush, event.currentTarget.getBoundingClientRect(), natural);
    stroke.current = { pointerId: event.pointerId, mode, size, points: [point] };
    drawStroke(ctx, mode, size, [point]);
    setNote(null);
  }

  function onPointerMove(event: PointerEvent<HTMLCanvasElement>) {
    moveCursor(event);
    if (touches.current.has(event.pointerId)) touches.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pan.current && touches.current.size >= 2) {
      const next = midpoint(touches.current);
      stage.current?.scrollBy(pan.current.x - next.x, pan.current.y - next.y);
      pan.current = next;
      return;
    }
    const current = stroke.current;
    const ctx = context();
    if (!current || current.pointerId !== event.pointerId || !ctx) return;
    // Every position the pointer reported since the last frame, so a quick stroke stays smooth.
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const moved of events.length > 0 ? events : [event.nativeEvent]) {
      const point = pointAt(moved.clientX, moved.clientY);
      const last = current.points.at(-1);
      if (!point || !last) continue;
      drawStroke(ctx, current.mode, current.size, [last, point]);
      current.points.push(point);
    }
  }

  function onPointerEnd(event: PointerEvent<HTMLCanvasElement>) {
    touches.current.delete(event.pointerId);
    if (touches.current.size < 2) pan.current = null;
    const current = stroke.current;
    if (!current || current.pointerId !== event.pointerId) return;
    stroke.current = null;
    setHistory((latest) => record(latest, { kind: "stroke", mode: current.mode, size: current.size, points: current.points }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    const typing = event.target instanceof HTMLInputElement && event.target.type === "text";
    if (typing || !(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === "z" || key === "y") {
      event.preventDefault();
      setHistory((latest) => (key === "y" || event.shiftKey ? redo(latest) : undo(latest)));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const element = canvas.current;
    const ctx = context();
    if (busy || !element || !ctx || !natural) return;
    const pixels = ctx.getImageData(0, 0, natural.width, natural.height);
    if (toBlackAndWhite(pixels.data) === 0) {
      setNote(strings.maskEmpty);
      return;
    }
    setBusy(true);
    setFailure(null);
    setNote(strings.uploadingMask);
    const result = await sendMask(pixels, natural).then(async (mask) => {
      if (!mask.ok) return mask;
      return sendGenerate(fillRequest(fill.key, image, mask.data.upload.id, prompt, { locale }));
    });
    setBusy(false);
    setNote(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    onCreated(result.data.task);
    close();
  }

  /** Closes the dialog (its `close` event calls onClose), so the browser gives focus back to what opened it. */
  const close = () => dialog.current?.close();

  const frameSize = natural ? { width: Math.round(natural.width * scale), height: Math.round(natural.height * scale) } : null;
  const brushOnScreen = `${brush}px`;
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby="mask-editor-title" onClose={onClose} onKeyDown={onKeyDown}>
      <form className={styles.layout} onSubmit={submit} noValidate>
        <header className={styles.header}>
          <div>
            <h2 id="mask-editor-title" className={styles.title}>
              {strings.editorTitle}
            </h2>
            <p className={styles.intro}>{strings.editorIntro}</p>
          </div>
          <Button size="sm" variant="ghost" onClick={close} aria-label={strings.close}>
            ✕
          </Button>
        </header>
        <div className={styles.toolbar} role="toolbar" aria-label={strings.tools}>
          <div className={styles.group}>
            <Button size="sm" variant={mode === "paint" ? "primary" : "secondary"} aria-pressed={mode === "paint"} onClick={() => setMode("paint")}>
              {strings.brush}
            </Button>
            <Button size="sm" variant={mode === "erase" ? "primary" : "secondary"} aria-pressed={mode === "erase"} onClick={() => setMode("erase")}>
              {strings.eraser}
            </Button>
          </div>
          <label className={styles.size}>
            <span className={styles.sizeText}>{strings.brushSize}</span>
            <input
              type="range"
              min={BRUSH_MIN}
              max={BRUSH_MAX}
              step={2}
              value={brush}
              aria-label={strings.brushSize}
              onChange={(event) => setBrush(Number(event.target.value))}
            />
          </label>
          <div className={styles.group}>
            <Button size="sm" variant="ghost" disabled={history.done.length === 0} onClick={() => setHistory(undo)}>
              {strings.undo}
            </Button>
            <Button size="sm" variant="ghost" disabled={history.undone.length === 0} onClick={() => setHistory(redo)}>
              {strings.redo}
            </Button>
            <Button size="sm" variant="ghost" disabled={!painted} onClick={() => setHistory((latest) => record(latest, { kind: "clear" }))}>
              {strings.clear}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setHistory((latest) => record(latest, { kind: "invert" }))}>
              {strings.invert}
            </Button>
          </div>
          <div className={styles.group}>
            <Button size="sm" variant="ghost" aria-label={strings.zoomOut} onClick={() => setZoom(zoomStep(scale, -1, fit))}>
              −
            </Button>
            <Button size="sm" variant="ghost" aria-label={strings.zoomIn} onClick={() => setZoom(zoomStep(scale, 1, fit))}>
              +
            </Button>
            <Button size="sm" variant="ghost" aria-pressed={zoom === null} onClick={() => setZoom(null)}>
              {strings.zoomFit}
            </Button>
          </div>
        </div>
        <div ref={stage} className={styles.stage}>
          <div className={styles.frame} style={frameSize ? { width: frameSize.width, height: frameSize.height } : undefined}>
            <img
              className={styles.image}
              src={image.url}
              alt=""
              draggable={false}
              onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
              onError={() => setImageFailed(true)}
            />
            {natural ? (
              <canvas
                ref={canvas}
                className={styles.canvas}
                width={natural.width}
                height={natural.height}
                aria-label={strings.canvasLabel}
                data-testid="mask-canvas"
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerEnd}
                onPointerCancel={onPointerEnd}
                onPointerLeave={() => {
                  if (cursor.current) cursor.current.hidden = true;
                }}
              />
            ) : null}
            <span ref={cursor} className={styles.cursor} hidden style={{ width: brushOnScreen, height: brushOnScreen }} aria-hidden="true" />
          </div>
          {!natural ? <p className={styles.loading}>{imageFailed ? strings.imageFailed : strings.loadingImage}</p> : null}
        </div>
        <footer className={styles.footer}>
          <label className={styles.prompt}>
            <span>{strings.promptLabel}</span>
            <input
              type="text"
              className={styles.promptInput}
              value={prompt}
              placeholder={strings.promptPlaceholder}
              maxLength={2000}
              onChange={(event) => setPrompt(event.target.value)}
            />
          </label>
          <div className={styles.submitRow}>
            <span className={styles.price} data-testid="mask-editor-price">
              {price}
            </span>
            <Button type="submit" variant="primary" disabled={busy || !natural || !painted} aria-busy={busy}>
              {prompt.trim() === "" ? strings.submitErase : strings.submitReplace}
            </Button>
          </div>
          {note ? (
            <p className={styles.note} role="status">
              {note}
            </p>
          ) : null}
          {failure ? <FailureNotice failure={failure} strings={errorStrings} /> : null}
        </footer>
      </form>
    </dialog>
  );
}

function midpoint(points: Map<number, { x: number; y: number }>): { x: number; y: number } {
  const all = [...points.values()].slice(0, 2);
  return { x: all.reduce((sum, point) => sum + point.x, 0) / all.length, y: all.reduce((sum, point) => sum + point.y, 0) / all.length };
}

/** The black-and-white pixels as a PNG of the image's exact size, uploaded like any image. */
async function sendMask(pixels: ImageData, size: Size) {
  const out = document.createElement("canvas");
  out.width = size.width;
  out.height = size.height;
  out.getContext("2d")?.putImageData(pixels, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/png"));
  if (!blob) return { ok: false as const, error: { status: null, code: "mask_export_failed", message: "", retryAfterSeconds: null } };
  return uploadImage(blob);
}
