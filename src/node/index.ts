export { MEASURED_HEAD, nodeBridge, type BridgeRequestOptions, type NodeBridge, type ParsedBody, type WriteRules } from './bridge.js';
