import { z } from "zod";
import { getDatasetRun, listDatasetRuns } from "@/server/datasets/dataset-runs.presenter";
import { createDatasetBody, datasetList, datasetRunSummary, datasetRunView, datasetSummary, launchDatasetRunBody, launchResult } from "@/server/datasets/datasets.schema";
import { cancelDatasetRun, createDataset, launchDatasetRun, listDatasets } from "@/server/datasets/datasets.service";
import type { RestRoute } from "./rest-routes";

const READ = ["admin", "operator", "reviewer"] as const;
const OPERATE = ["admin", "operator"] as const;

/** Dataset runs (docs/analytics.md "Dataset runs"): the same services as the calculator's page. */
export const datasetRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/processes/{slug}/datasets",
    operationId: "listDatasets",
    summary: "A process's datasets (newest first) and the trigger input schema uploads are checked against",
    roles: READ,
    response: datasetList,
    handle: async ({ deps, params }) => listDatasets(deps.db, { slug: params.slug! }),
  },
  {
    method: "POST",
    path: "/processes/{slug}/datasets",
    operationId: "createDataset",
    summary:
      "Store a dataset: source jsonl (one JSON input per line) or csv (header of input field names; cells coerced to the field types) with the file's text, or source runs with the last N runs' inputs. Every row is checked against the trigger input schema; any problem → 400 with rowErrors (line, message) and nothing saved (201)",
    roles: OPERATE,
    body: createDatasetBody,
    response: datasetSummary,
    status: 201,
    handle: async ({ deps, params, body }) => createDataset(deps.db, { slug: params.slug!, ...(body as z.infer<typeof createDatasetBody>) }),
  },
  {
    method: "GET",
    path: "/processes/{slug}/dataset-runs",
    operationId: "listDatasetRuns",
    summary: "A process's last 50 dataset runs: status, progress, spend against the cap",
    roles: READ,
    response: z.array(datasetRunSummary),
    handle: async ({ deps, params }) => listDatasetRuns(deps.db, { slug: params.slug! }),
  },
  {
    method: "POST",
    path: "/datasets/{datasetId}/runs",
    operationId: "launchDatasetRun",
    summary:
      "Run a published version or the draft over the dataset, repetitions times per input, concurrency at a time, on the simulator (default; priced as the models the steps name) or the configured providers; stops at spendCapUsd. Its runs are kind dataset and stay out of analytics (202)",
    roles: OPERATE,
    body: launchDatasetRunBody,
    response: launchResult,
    status: 202,
    handle: async ({ deps, params, body }) => launchDatasetRun(deps.db, { datasetId: params.datasetId!, ...(body as z.input<typeof launchDatasetRunBody>) }, deps),
  },
  {
    method: "GET",
    path: "/dataset-runs/{id}",
    operationId: "getDatasetRun",
    summary:
      "A dataset run and its results: per node reach, failures, output spread (distributions for enums and booleans, min/median/max for numbers), router branches and human decisions; cost per run p10/p50/p90; failures by node; and the per-node observations the calculator's projection can use",
    roles: READ,
    response: datasetRunView,
    handle: async ({ deps, params }) => getDatasetRun(deps.db, { id: params.id! }),
  },
  {
    method: "POST",
    path: "/dataset-runs/{id}/cancel",
    operationId: "cancelDatasetRun",
    summary: "Stop launching and cancel the dataset run's runs still going; results so far stay",
    roles: OPERATE,
    response: datasetRunView,
    handle: async ({ deps, params }) => {
      await cancelDatasetRun(deps.db, { id: params.id! }, deps);
      return getDatasetRun(deps.db, { id: params.id! });
    },
  },
];
