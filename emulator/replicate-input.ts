import type { FieldSpec, ModelSpec } from "./models";

export interface InvalidField {
  type: "required" | "invalid_type" | "enum" | "number_gte" | "number_lte" | "array_max_items";
  field: string;
  description: string;
}

export type InputCheck = { ok: true; values: Record<string, unknown> } | { ok: false; invalidFields: InvalidField[] };

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function checkField(name: string, spec: FieldSpec, value: unknown): InvalidField | undefined {
  const field = `input.${name}`;
  const actual = typeName(value);
  const typeOk = spec.type === actual || (spec.type === "number" && actual === "integer");
  if (!typeOk) {
    return { type: "invalid_type", field, description: `Invalid type. Expected: ${spec.type}, given: ${actual}` };
  }
  if (spec.type === "string" && spec.choices && !spec.choices.includes(value as string)) {
    const list = spec.choices.map((c) => JSON.stringify(c)).join(", ");
    return { type: "enum", field, description: `${field} must be one of the following: ${list}` };
  }
  if (spec.type === "array" && Array.isArray(value)) {
    if (spec.maxItems !== undefined && value.length > spec.maxItems) {
      return { type: "array_max_items", field, description: `Array must have at most ${spec.maxItems} items` };
    }
    const index = value.findIndex((item) => typeof item !== "string");
    if (index >= 0) {
      const given = typeName(value[index]);
      return { type: "invalid_type", field: `${field}.${index}`, description: `Invalid type. Expected: string, given: ${given}` };
    }
  }
  if ((spec.type === "integer" || spec.type === "number") && typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) {
      return { type: "number_gte", field, description: `Must be greater than or equal to ${spec.min}` };
    }
    if (spec.max !== undefined && value > spec.max) {
      return { type: "number_lte", field, description: `Must be less than or equal to ${spec.max}` };
    }
  }
  return undefined;
}

/**
 * Validates a prediction input the way Replicate does (JSON-schema style messages); defaults are filled into `values`.
 * Unknown keys are ignored, as Replicate's API "has historically ignored unknown inputs" (replicate/cog#2943).
 */
export function checkModelInput(model: ModelSpec, input: Record<string, unknown>): InputCheck {
  const invalidFields: InvalidField[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(model.fields)) {
    const value = input[name];
    if (value === undefined) {
      if (spec.type === "string" && spec.required) {
        invalidFields.push({ type: "required", field: "input", description: `${name} is required` });
      } else if (spec.default !== undefined) {
        values[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      }
      continue;
    }
    const problem = checkField(name, spec, value);
    if (problem) invalidFields.push(problem);
    else values[name] = value;
  }
  const limit = model.maxSafetyToleranceWithImage;
  const field = model.inputImageField;
  const image = field === undefined ? undefined : values[field];
  const hasImage = Array.isArray(image) ? image.length > 0 : image !== undefined;
  if (limit !== undefined && hasImage) {
    const tolerance = values.safety_tolerance;
    if (typeof tolerance === "number" && tolerance > limit) {
      invalidFields.push({
        type: "number_lte",
        field: "input.safety_tolerance",
        description: `Must be less than or equal to ${limit} when input images are used`,
      });
    }
  }
  return invalidFields.length > 0 ? { ok: false, invalidFields } : { ok: true, values };
}

export function validationProblem(invalidFields: InvalidField[]) {
  return {
    title: "Input validation failed",
    detail: invalidFields.map((f) => `- ${f.field}: ${f.description}\n`).join(""),
    status: 422,
    invalid_fields: invalidFields,
  };
}
