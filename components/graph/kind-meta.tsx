import type { ReactNode, SVGProps } from "react";
import type { NodeKind } from "@/core/graph";

/** How each node kind looks on the canvas and in the palette: icon, accent and a one-line purpose. */
function glyph(paths: ReactNode) {
  return function KindIcon(props: SVGProps<SVGSVGElement>) {
    return (
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" {...props}>
        {paths}
      </svg>
    );
  };
}

export interface KindMeta {
  label: string;
  purpose: string;
  Icon: (props: SVGProps<SVGSVGElement>) => ReactNode;
  /** Tailwind classes of the icon tile. */
  accent: string;
}

export const KIND_META: Record<NodeKind, KindMeta> = {
  trigger: { label: "Trigger", purpose: "Starts a run with typed input", accent: "bg-emerald-50 text-emerald-700 ring-emerald-200", Icon: glyph(<path d="M13 2 3 14h9l-1 8 10-12h-9l1-8z" />) },
  llm: {
    label: "LLM",
    purpose: "Classify, extract, generate or plan with a model",
    accent: "bg-violet-50 text-violet-700 ring-violet-200",
    Icon: glyph(<path d="M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9L12 3zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8L19 15z" />),
  },
  tool: {
    label: "Tool",
    purpose: "Call an HTTP endpoint by its contract",
    accent: "bg-sky-50 text-sky-700 ring-sky-200",
    Icon: glyph(<path d="M14.7 6.3a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.77-3.77a6 6 0 0 1-7.94 7.94l-6.91 6.91a2.12 2.12 0 0 1-3-3l6.91-6.91a6 6 0 0 1 7.94-7.94l-3.76 3.76z" />),
  },
  router: { label: "Router", purpose: "Branch on a typed field", accent: "bg-amber-50 text-amber-700 ring-amber-200", Icon: glyph(<path d="M3 12h6l4-6h8M13 18l-4-6M17 3l4 3-4 3M17 15l4 3-4 3M13 18h8" />) },
  parallel: { label: "Parallel", purpose: "Run branches at the same time", accent: "bg-indigo-50 text-indigo-700 ring-indigo-200", Icon: glyph(<path d="M3 12h5M8 5v14M8 5h13M8 12h13M8 19h13" />) },
  join: { label: "Join", purpose: "Wait for parallel branches", accent: "bg-indigo-50 text-indigo-700 ring-indigo-200", Icon: glyph(<path d="M3 5h13M3 12h13M3 19h13M16 5v14M16 12h5" />) },
  loop: { label: "Loop", purpose: "Repeat a body until a condition holds", accent: "bg-orange-50 text-orange-700 ring-orange-200", Icon: glyph(<path d="M17 2l4 4-4 4M3 11v-1a4 4 0 0 1 4-4h14M7 22l-4-4 4-4M21 13v1a4 4 0 0 1-4 4H3" />) },
  human: {
    label: "Human",
    purpose: "Ask a person to approve, edit or reject",
    accent: "bg-rose-50 text-rose-700 ring-rose-200",
    Icon: glyph(
      <>
        <circle cx="12" cy="8" r="4" />
        <path d="M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1" />
      </>,
    ),
  },
  delay: {
    label: "Delay",
    purpose: "Wait for a duration",
    accent: "bg-zinc-100 text-zinc-700 ring-zinc-200",
    Icon: glyph(
      <>
        <circle cx="12" cy="12" r="9" />
        <path d="M12 7v5l3 2" />
      </>,
    ),
  },
  subprocess: {
    label: "Subprocess",
    purpose: "Run another published process",
    accent: "bg-teal-50 text-teal-700 ring-teal-200",
    Icon: glyph(
      <>
        <rect x="3" y="3" width="18" height="18" rx="2" />
        <rect x="8" y="8" width="8" height="8" rx="1" />
      </>,
    ),
  },
  end: { label: "End", purpose: "Finish the run with an output", accent: "bg-zinc-900 text-white ring-zinc-900", Icon: glyph(<path d="M4 22V4M4 4h12l-2 4 2 4H4" />) },
};

export const NODE_KINDS = Object.keys(KIND_META) as NodeKind[];
