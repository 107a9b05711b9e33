import type { ComposerValues } from "./build-generate-request";
import { type PickedImage, taskImage } from "./reference-list";
import type { OutputFormat } from "@/lib/shared/limits";
import type { TaskView } from "@/lib/shared/task-view";

/** What the composer is asked to show, with a nonce so the same request twice still applies. */
export interface ComposerPreset {
  values: Partial<ComposerValues>;
  /** "Use as reference": an image to add to the references (the composer picks a model that reads them). */
  reference?: PickedImage;
  /** Said instead of "settings applied" (e.g. which model "Use this model" chose). */
  announcement?: string;
  nonce: number;
}

// Settings the form shows itself; every other stored knob rides along in `carried`.
const FORM_SETTINGS = ["seed", "num_outputs", "output_format", "lora_weights", "lora_scale"];

/**
 * "Use these settings": prompt, model, shape, seed, references and every knob of `task` back into the composer.
 * `sizeField` is where the task's model keeps its resolution (its `size.field`), which the form shows.
 */
export function presetFromTask(task: TaskView, sizeField = "resolution"): Partial<ComposerValues> {
  const settings = task.settings;
  const shown = new Set([...FORM_SETTINGS, sizeField]);
  const carried = Object.fromEntries(Object.entries(settings).filter(([name]) => !shown.has(name)));
  const resolution = settings[sizeField];
  const values: Partial<ComposerValues> = {
    prompt: task.prompt,
    model: task.model,
    aspectRatio: task.aspect_ratio,
    seed: task.seed === null ? "" : String(task.seed),
    numOutputs: typeof settings.num_outputs === "number" ? settings.num_outputs : 1,
    loraWeights: typeof settings.lora_weights === "string" ? settings.lora_weights : "",
    loraScale: typeof settings.lora_scale === "number" ? String(settings.lora_scale) : "1",
    resolution: typeof resolution === "string" ? resolution : "",
    // Sizes are learnt when the thumbnails load (the price counts them).
    inputImage: task.input_image ? { ...task.input_image, size: null } : null,
    references: task.input_images.map((image) => ({ ...image, size: null })),
    parentId: task.id,
    carried,
  };
  if (typeof settings.output_format === "string") values.outputFormat = settings.output_format as OutputFormat;
  return values;
}

/** "Edit this image": FLUX Kontext on output `index` of `task`, at that image's own ratio. */
export function presetForEdit(task: TaskView, index: number, editModel: string): Partial<ComposerValues> {
  return {
    prompt: "",
    model: editModel,
    aspectRatio: "match_input_image",
    seed: "",
    inputImage: taskImage(task, index),
    parentId: task.id,
    carried: {},
  };
}
