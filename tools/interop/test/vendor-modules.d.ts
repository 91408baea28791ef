// The vendors' clients under test ship no type declarations (socket.io-client 2.5.0,
// node-agent-sdk 1.2.0): the tests drive them as their READMEs document, untyped.
declare module "socket.io-client";
declare module "node-agent-sdk";
