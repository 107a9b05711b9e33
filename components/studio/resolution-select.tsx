import { Field, inputClass } from "@/components/ui/field";
import type { Dictionary } from "@/lib/shared/i18n/en";
import type { OutputSizeRule } from "@/lib/shared/models/price";

interface ResolutionSelectProps {
  size: OutputSizeRule;
  /** The resolution the request will name (the model's default when none is picked). */
  value: string;
  /** "Same as image 1" needs an image 1. */
  hasImages: boolean;
  strings: Dictionary["studio"];
  onChange: (resolution: string) => void;
}

// Some models spell their sizes as bare megapixels ("0.25", "1"); the unit makes them readable.
const label = (resolution: string) => (/^\d+(\.\d+)?$/.test(resolution) ? `${resolution} MP` : resolution);

/** The output size for a model that offers several; the cost line follows it. */
export function ResolutionSelect({ size, value, hasImages, strings, onChange }: ResolutionSelectProps) {
  return (
    <Field id="resolution" label={strings.resolutionLabel}>
      <select id="resolution" className={inputClass} value={value} onChange={(event) => onChange(event.target.value)}>
        {size.resolutions.map((resolution) =>
          resolution === "match_input_image" ? (
            <option key={resolution} value={resolution} disabled={!hasImages}>
              {strings.resolutionMatchInput}
            </option>
          ) : (
            <option key={resolution} value={resolution}>
              {label(resolution)}
            </option>
          ),
        )}
      </select>
    </Field>
  );
}
