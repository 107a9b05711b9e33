import type { ComposerValues } from "./build-generate-request";
import type { OutputFormat } from "@/lib/shared/limits";
import type { TaskView } from "@/lib/shared/task-view";

/** What the composer is asked to show, with a nonce so the same request twice still applies. */
export interface ComposerPreset {
  values: Partial<ComposerValues>;
  nonce: number;
}

// Settings the form shows itself; every other stored knob rides along in `carried`.
const FORM_SETTINGS = new Set(["seed", "num_outputs", "output_format", "lora_weights", "lora_scale"]);

/** "Use these settings": prompt, model, shape, seed and every knob of `task` back into the composer. */
export function presetFromTask(task: TaskView): Partial<ComposerValues> {
  const settings = task.settings;
  const carried = Object.fromEntries(Object.entries(settings).filter(([name]) => !FORM_SETTINGS.has(name)));
  const values: Partial<ComposerValues> = {
    prompt: task.prompt,
    model: task.model,
    aspectRatio: task.aspect_ratio,
    seed: task.seed === null ? "" : String(task.seed),
    numOutputs: typeof settings.num_outputs === "number" ? settings.num_outputs : 1,
    loraWeights: typeof settings.lora_weights === "string" ? settings.lora_weights : "",
    loraScale: typeof settings.lora_scale === "number" ? String(settings.lora_scale) : "1",
    inputImage: task.input_image,
    parentId: task.id,
    carried,
  };
  if (typeof settings.output_format === "string") values.outputFormat = settings.output_format as OutputFormat;
  return values;
}

/** "Edit this image": FLUX Kontext on output `index` of `task`, at that image's own ratio. */
export function presetForEdit(task: TaskView, index: number, editModel: string): Partial<ComposerValues> {
  const image = task.images[index];
  return {
    prompt: "",
    model: editModel,
    aspectRatio: "match_input_image",
    seed: "",
    inputImage: image ? { ref: `task:${task.id}/${index}`, url: image.url } : null,
    parentId: task.id,
    carried: {},
  };
}
