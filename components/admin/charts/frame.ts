/** The drawing area of a chart: a fixed viewBox that scales with its container. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** At most this many axis labels fit along the bottom. */
  maxLabels: number;
}

// Desktop cards and phones (see ResponsiveChart).
export const WIDE: Frame = { width: 1120, height: 280, left: 64, right: 12, top: 14, bottom: 30, maxLabels: 10 };
export const NARROW: Frame = { width: 400, height: 260, left: 62, right: 8, top: 14, bottom: 34, maxLabels: 4 };

export const plotWidth = (frame: Frame) => frame.width - frame.left - frame.right;
const plotHeight = (frame: Frame) => frame.height - frame.top - frame.bottom;

/** y of a 0..1 position on the value axis. */
export const yAt = (frame: Frame, position: number) => frame.top + plotHeight(frame) * (1 - position);
