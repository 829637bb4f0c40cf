import type { InngestFunction } from "inngest";
import { systemPing } from "./system-ping";

/** Functions that exist whatever is published. Published process versions are added by `inngest/serve.ts`. */
export const functions: InngestFunction.Any[] = [systemPing as unknown as InngestFunction.Any];
