// The one place the sandbox takes its mocks from: when @parley/mock-server becomes @parley/mock,
// only this import changes.
export { HOST, MOCKS, assertPortFree, startMock } from "@parley/mock-server";
