// @parley/agent-api: every conversation (pages handled for you), then an answer streamed token by
// token. Runs against the sandbox's mock (`npm start`); for a real account set EVAGPT_API_KEY and
// EVAGPT_BASE_URL=https://api.evagpt.com.br.
import { AgentApi } from "@parley/agent-api";

const api = new AgentApi({
  apiKey: process.env.EVAGPT_API_KEY ?? "sandbox-key",
  baseUrl: process.env.EVAGPT_BASE_URL ?? "http://127.0.0.1:4020",
});

for await (const conversation of api.conversations.list({ limit: 50, dateInit: "2026-11-01" })) {
  console.log(conversation.id, conversation.botname);
}

const { id } = await api.conversations.create("bot_3f9a", { meta: { customer: "42" } });
for await (const token of api.chat.stream(id, "Qual o status do meu pedido?")) process.stdout.write(token);
process.stdout.write("\n");
