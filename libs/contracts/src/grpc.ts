// gRPC messages, service definitions and client types, generated from libs/contracts/proto by
// `npm run codegen` (buf + ts-proto, nice-grpc flavour).
export * from './generated';
