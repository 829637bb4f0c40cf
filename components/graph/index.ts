export { ProcessCanvas, ProcessCanvasProvider, KIND_MIME, type ProcessCanvasProps, type GraphChangeMeta } from "./process-canvas";
export { toFlow, fromFlow, type NodeOverlay, type ModelInfo, type StepFlowNode, type StepFlowEdge, type NoteFlowNode, type CanvasFlowNode } from "./flow";
export { addNote, updateNote, noteFlowId, noteIdOf, NOTE_PREFIX } from "./notes";
export { KIND_META, NODE_KINDS } from "./kind-meta";
export { connect, insertIntoEdge, moveNodes, removeElements, uniqueId, takenIds, type GraphBody } from "./graph-edits";
export { layeredLayout } from "./layout";
