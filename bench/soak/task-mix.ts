import type { GenerateRequest } from "@/lib/shared/api/generate";
import type { Random } from "./random";
import type { Person, Reference } from "./sessions";

/** How often each model is asked for: drafts most, the reference-reading models for the rest. */
const MODEL_WEIGHTS = [
  ["flux-schnell", 35],
  ["flux-dev", 15],
  ["flux-2-klein-4b", 20],
  ["nano-banana-2", 15],
  ["flux-2-pro", 15],
] as const;
export type SoakModel = (typeof MODEL_WEIGHTS)[number][0];

/** 1–2 references: the person's uploads, or (half the time, once there is one) an output of an earlier task of theirs. */
function pickReferences(person: Person, random: Random): string[] {
  const count = random.int(1, 2);
  const refs: Reference[] = [];
  for (let i = 0; i < count; i++) {
    const fromTask = person.succeeded.length > 0 && random.chance(0.5);
    refs.push(random.pick(fromTask ? person.succeeded : person.uploads));
  }
  return refs.map((reference) => reference.ref);
}

/** The body of one `POST /api/generate`; `marker` makes the prompt unique so a listing can find the task. */
export function generateRequest(model: SoakModel, person: Person, marker: string, random: Random): GenerateRequest {
  const prompt = `soak ${marker}: a lighthouse in fog, study ${random.int(1, 999)}`;
  switch (model) {
    case "flux-schnell":
      return {
        model,
        prompt,
        num_outputs: random.int(1, 4),
        megapixels: random.pick(["1", "0.25"] as const),
        aspect_ratio: random.pick(["1:1", "16:9", "3:4"]),
        output_format: "webp",
      };
    case "flux-dev":
      return { model, prompt, num_outputs: random.int(1, 2), megapixels: "0.25", num_inference_steps: 12, output_format: "jpg" };
    case "flux-2-klein-4b":
      return {
        model,
        prompt,
        input_images: pickReferences(person, random),
        output_megapixels: random.pick(["0.5", "1"]),
        aspect_ratio: "match_input_image",
      };
    case "nano-banana-2":
      return { model, prompt, input_images: pickReferences(person, random), resolution: "1K" };
    case "flux-2-pro":
      return { model, prompt, input_images: pickReferences(person, random), resolution: random.pick(["0.5 MP", "1 MP"]) };
  }
}

export function pickModel(random: Random): SoakModel {
  return random.weighted(MODEL_WEIGHTS);
}
