import type { Point } from "./mask-history";

export interface Size {
  width: number;
  height: number;
}

/** Where an element sits on the screen, as getBoundingClientRect gives it. */
export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The scale at which the whole image fits the box (a small image is enlarged to fill it). */
export function fitScale(image: Size, box: Size): number {
  if (image.width <= 0 || image.height <= 0 || box.width <= 0 || box.height <= 0) return 1;
  return Math.min(box.width / image.width, box.height / image.height);
}

const ZOOM_STEP = 1.25;
/** Past 8 screen pixels per image pixel a brush only paints single pixels; below half the fit, the image is a speck. */
const MAX_ZOOM = 8;

/** One step in or out from `scale`, kept between half of the fit and 8×. */
export function zoomStep(scale: number, direction: 1 | -1, fit: number): number {
  const next = direction > 0 ? scale * ZOOM_STEP : scale / ZOOM_STEP;
  return Math.min(Math.max(MAX_ZOOM, fit), Math.max(fit / 2, next));
}

/** The image pixel under a pointer, for an image drawn over `rect` on the screen. */
export function toImagePoint(clientX: number, clientY: number, rect: ScreenRect, image: Size): Point {
  return {
    x: ((clientX - rect.left) * image.width) / rect.width,
    y: ((clientY - rect.top) * image.height) / rect.height,
  };
}

/** The brush's width in image pixels for a width chosen in screen pixels, at the scale the image is shown. */
export function brushInImagePixels(screenPixels: number, rect: ScreenRect, image: Size): number {
  return rect.width > 0 ? (screenPixels * image.width) / rect.width : screenPixels;
}
