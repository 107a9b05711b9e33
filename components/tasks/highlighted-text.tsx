import styles from "./highlighted-text.module.css";
import { highlightParts } from "./highlight-parts";

/** `text` with the words a search matched in <mark>. */
export function HighlightedText({ text, ranges }: { text: string; ranges?: readonly (readonly [number, number])[] }) {
  if (!ranges || ranges.length === 0) return text;
  return highlightParts(text, ranges).map((part, index) =>
    part.marked ? (
      <mark key={index} className={styles.mark}>
        {part.text}
      </mark>
    ) : (
      part.text
    ),
  );
}
