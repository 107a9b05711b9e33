import type { SVGProps } from "react";

export type IconProps = SVGProps<SVGSVGElement>;

/** The frame every line icon shares: 24-unit grid, drawn in the text colour, hidden from screen readers. */
export function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const SparklesIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8z" />
    <path d="M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z" />
  </Icon>
);

export const ClockIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const ChevronIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M9 6l6 6-6 6" />
  </Icon>
);

export const LogoMark = (props: IconProps) => (
  <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false" {...props}>
    <defs>
      <linearGradient id="logo-gradient" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stopColor="#8b7bff" />
        <stop offset="0.55" stopColor="#c77dff" />
        <stop offset="1" stopColor="#ff8fb1" />
      </linearGradient>
    </defs>
    <rect width="32" height="32" rx="9" fill="url(#logo-gradient)" />
    <path d="M10 23V9h12M10 16h9" fill="none" stroke="#0b0a1a" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);
