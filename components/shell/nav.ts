import type { Route } from "next";
import type { ComponentType } from "react";
import {
  AnalyticsIcon,
  CalculatorIcon,
  InboxIcon,
  ProcessIcon,
  RunsIcon,
  SettingsIcon,
} from "@/components/ui/icons";

export type NavItem = { href: Route; label: string; icon: ComponentType<{ className?: string }> };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/processes", label: "Processes", icon: ProcessIcon },
  { href: "/runs", label: "Runs", icon: RunsIcon },
  { href: "/inbox", label: "Inbox", icon: InboxIcon },
  { href: "/analytics", label: "Analytics", icon: AnalyticsIcon },
  { href: "/calculator", label: "Calculator", icon: CalculatorIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
];
