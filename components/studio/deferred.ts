"use client";

import { lazy } from "react";

// Parts of the composer that nobody sees on arrival: the image fields and the resolution (the studio opens on a model
// that reads no image and has no size choice), a prompt suggestion (after a click and a round trip), the budget notice
// and the fields of the "Advanced" section (closed on arrival). They stay out of the first load, whose budget is tight,
// and are fetched as soon as the page is up, before anyone needs them.
const inputImageField = () => import("./input-image-field");
const referenceImagesField = () => import("./reference-images-field");
const promptSuggestion = () => import("./prompt-suggestion");
const budgetNotice = () => import("./budget-notice");
const advancedFields = () => import("./advanced-fields");
const resolutionSelect = () => import("./resolution-select");

export const InputImageField = lazy(() => inputImageField().then((module) => ({ default: module.InputImageField })));
export const ReferenceImagesField = lazy(() => referenceImagesField().then((module) => ({ default: module.ReferenceImagesField })));
export const PromptSuggestion = lazy(() => promptSuggestion().then((module) => ({ default: module.PromptSuggestion })));
export const BudgetNotice = lazy(() => budgetNotice().then((module) => ({ default: module.BudgetNotice })));
export const ResolutionSelect = lazy(() => resolutionSelect().then((module) => ({ default: module.ResolutionSelect })));
export const AdvancedFields = lazy(() => advancedFields().then((module) => ({ default: module.AdvancedFields })));

// The compare and several-prompts fields: fetched only when someone switches the composer to one of those modes.
const runFields = () => import("./run-fields");
export const CompareModelPicker = lazy(() => runFields().then((module) => ({ default: module.CompareModelPicker })));
export const PromptList = lazy(() => runFields().then((module) => ({ default: module.PromptList })));
/** Checking a form into a request: runs only on submit, so it is preloaded with the parts above and awaited then. */
export const loadRequestBuilder = () => import("./build-generate-request");
/** Checking and sending a run: fetched when a run mode is picked, awaited when it is sent. */
export const loadStartRun = () => import("./start-run");

export function preloadDeferred(): void {
  for (const load of [inputImageField, referenceImagesField, promptSuggestion, budgetNotice, advancedFields, resolutionSelect, loadRequestBuilder])
    void load();
}
