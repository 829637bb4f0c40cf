export { ProcessCanvas, ProcessCanvasProvider, KIND_MIME, type ProcessCanvasProps, type GraphChangeMeta } from "./process-canvas";
export { toFlow, fromFlow, type NodeOverlay, type ModelInfo, type StepFlowNode, type StepFlowEdge } from "./flow";
export { KIND_META, NODE_KINDS } from "./kind-meta";
export { connect, insertIntoEdge, moveNodes, removeElements, uniqueId, takenIds, type GraphBody } from "./graph-edits";
export { layeredLayout } from "./layout";
