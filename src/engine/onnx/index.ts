/** ONNX export, onnxruntime-web sessions and bring-your-own reward models (see each file's header). */
export { exportOnnx, type ExportOptions } from './export';
export { loadRewardModel, RewardModelError, type RefusalCode, type RewardModelHandle, type LoadRewardModelOptions } from './byo-reward';
export { inspectRewardModel, checkRequest, type RewardModelInfo, type VocabCheck } from './reward-model-checks';
export { createOrtSession, loadOrt, int64Tensor, OrtSession, type OrtOptions, type HostTensor, type ExecutionProvider } from './ort-session';
export { referenceForward, type ReferenceInput } from './reference-forward';
export { ortForward } from './ort-forward';
export { randomParams, randomTokens, dummyVocab } from './random-params';
export { decodeModel, encodeModel, type ModelSpec } from './onnx-proto';
export { META, OUTPUT_NAME, INPUT_IDS, ATTENTION_MASK, expectedParamShapes, type OnnxHead, type OnnxModelConfig, type ParamMap } from './spec';
export { exportModelOnnx, exportCheckpointOnnx, exportableHeads, namedFromFlat, flatFromNamed, type ExportModelOptions, type CheckpointExport } from './engine-export';
export { attachOnnxRewardModel, externalScorerFromOnnx, maskUpTo, type AttachedRewardModel, type AttachOptions, type OnnxScorer, type ScorerTarget } from './byo-scorer';
export { crossCase, caseModel, caseOnnx, engineOutput, ortOutput, runCase, diffSummary, type CrossCase, type CrossCaseOptions } from './cross-check';
