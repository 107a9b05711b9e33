import { Button } from "@/components/ui/button";
import type { GenerateRequest } from "@/lib/shared/api/generate";
import { format } from "@/lib/shared/i18n/format";
import type { ModelOption } from "@/lib/shared/models/options";
import { OUTPAINT_PRESETS } from "@/lib/shared/models/outpaint";
import type { ImageToolsActions } from "./tool-actions";
import styles from "./image-tools.module.css";
import { framePreview } from "./outpaint-preview";
import { outpaintRequest, type ToolImage, toolPriceMicros } from "./tool-request";

interface ExpandPanelProps {
  image: ToolImage;
  fill: ModelOption;
  tools: ImageToolsActions;
  sending: string | null;
  onPick: (key: string, body: GenerateRequest) => void;
  usd: (micros: number) => string;
}

/** One button per outpaint preset: the new frame drawn around the image, its pixel size and its price; a click starts it. */
export function ExpandPanel({ image, fill, tools, sending, onPick, usd }: ExpandPanelProps) {
  const { strings } = tools;
  return (
    <fieldset className={styles.expand}>
      <legend className={styles.legend}>{strings.expandLegend}</legend>
      <div className={styles.presets}>
        {OUTPAINT_PRESETS.map((preset) => {
          const label = strings.presets[preset] ?? preset;
          const preview = image.size ? framePreview(preset, image.size) : null;
          const price = usd(toolPriceMicros(fill, { outpaint: preset }, image));
          return (
            <Button
              key={preset}
              size="sm"
              variant="ghost"
              className={styles.preset}
              disabled={sending !== null}
              aria-busy={sending === preset}
              aria-label={preview ? format(strings.presetAction, { preset: label, ...preview.frame, price }) : `${label}, ${price}`}
              data-preset={preset}
              onClick={() => onPick(preset, outpaintRequest(fill.key, image, preset, tools))}
            >
              {preview ? (
                <span className={styles.frame} style={thumbnailBox(preview.frame)} aria-hidden="true">
                  <img
                    className={styles.frameImage}
                    src={image.url}
                    alt=""
                    loading="lazy"
                    style={{ left: `${preview.left}%`, top: `${preview.top}%`, width: `${preview.width}%`, height: `${preview.height}%` }}
                  />
                </span>
              ) : null}
              <span className={styles.presetLabel}>{label}</span>
              {preview ? <span className={styles.presetSize}>{format(strings.newSize, { ...preview.frame })}</span> : null}
              <span className={styles.price}>{price}</span>
            </Button>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The preview's outline: the new frame's shape, fitted in a square of THUMBNAIL_PX. */
const THUMBNAIL_PX = 64;

function thumbnailBox({ width, height }: { width: number; height: number }): { width: number; height: number } {
  const ratio = width / height;
  return ratio >= 1
    ? { width: THUMBNAIL_PX, height: Math.round(THUMBNAIL_PX / ratio) }
    : { width: Math.round(THUMBNAIL_PX * ratio), height: THUMBNAIL_PX };
}
