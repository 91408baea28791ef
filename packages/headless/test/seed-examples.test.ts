// The documentation's usage examples, as written there (only the page's placeholders such as
// `escalationId` or `input.files` are given values), compiled by `npm run typecheck` and run
// against the mock.
import { expect, inject, it } from "vitest";
import {
  Client,
  PostSessionStatus,
  memoryStorage,
  type MenuResponse,
  type PdfStatusResponse,
  type TriggerItem,
  type WaitTimeResponse,
} from "../src/index.js";

it("the documented examples compile and run", async () => {
  const client = new Client({
    companyId: "acme-company-key",
    authenticate: async () => ({ token: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln" }),
    host: inject("prismOrigin"),
    storage: memoryStorage(),
    transport: false,
    pageUrl: () => "https://shop.acme.com/pricing",
  });
  const failures: unknown[] = [];
  const handle = (error: unknown) => failures.push(error);

  const trigger = await client.getTrigger();
  try {
    const company = await client.getCompany();
    expect(company.name).toBeTruthy();
  } catch (error) {
    handle(error);
  }
  {
    const message: string = await client.getAfterHourMessage();
    expect(message).toBeTruthy();
  }
  try {
    const data: MenuResponse = await client.getMenus("direct_menu_key");
    console.log(data.menus.length, data.direct);
  } catch (error) {
    handle(error);
  }
  try {
    const data: WaitTimeResponse = await client.getWaitTimes(123);
    expect(data.chat).toBeTypeOf("number");
  } catch (error) {
    handle(error);
  }
  try {
    const call = await client.createCall(123, { phone_number: "+12345678" });
    expect(call.id).toBeTypeOf("number");
  } catch (error) {
    handle(error);
  }
  try {
    const call = await client.loadCall(1234);
    const response = await client.cancelCall(1234);
    const slots = await client.getTimeSlots(123);
    expect([call.id, response.id, slots.length]).toHaveLength(3);
  } catch (error) {
    handle(error);
  }
  try {
    const chat = client.createChat(123, { lang: "en" });
    await chat;
  } catch (error) {
    handle(error);
  }
  try {
    const chat = await client.loadChat(1234);
    expect(chat.id).toBeTypeOf("number");
  } catch (error) {
    handle(error);
  }
  try {
    const chat = await client.loadOngoingChat();
    expect(chat).not.toBeNull();
  } catch (error) {
    handle(error);
  }
  await client.resumeChat(1234);
  const messages = client.fetchMessages();
  expect((await messages).length).toBeGreaterThan(0);
  try {
    await client.sendTextMessage("hello world");
  } catch (error) {
    handle(error);
  }
  const input = { files: [new File(["%PDF-1.4"], "receipt.pdf", { type: "application/pdf" })] };
  const file = input.files[0]!;
  const id = client.sendFileMessage(file);
  expect(await id).not.toBe(-1);
  try {
    await client.sendPreviewMessage("preview content");
  } catch (error) {
    handle(error);
  }
  try {
    const deflection = await client.getChatDeflection();
    expect(deflection.enabled).toBeTypeOf("boolean");
  } catch (error) {
    handle(error);
  }
  try {
    await client.sendChatTranscripts(["name1@example.com", "name2@example.com"]);
  } catch (error) {
    handle(error);
  }
  let pdfId = 0;
  try {
    const resp = await client.downloadChatTranscript();
    pdfId = resp.chat_transcript_id;
  } catch (error) {
    handle(error);
  }
  {
    const resp = await client.getPdfStatus(pdfId);
    // check header for status
    const status = resp.headers["x-transcript-status"];
    // otherwise use status on data
    const data: PdfStatusResponse = resp.data;
    expect(status).toBe(data.status);
  }
  try {
    const data = await client.getChatSurvey();
    console.log(data.questions.length);
  } catch (error) {
    handle(error);
  }
  try {
    await client.sendChatSurvey({ 101: "5", 104: "a" });
  } catch (error) {
    handle(error);
  }
  try {
    await client.sendChatRate({ rating: 5, feedback: "Very good service" });
  } catch (error) {
    handle(error);
  }
  try {
    await client.escalateChat();
  } catch (error) {
    handle(error);
  }
  const escalationId = 77;
  const channel = "voice_call";
  try {
    await client.trackChatEscalation(escalationId, channel);
  } catch (error) {
    handle(error);
  }
  const eventData = { end_user_name: "Jane Doe" };
  try {
    await client.trackChatEndUserEvent(eventData);
  } catch (error) {
    handle(error);
  }
  try {
    const data = await client.getChatHistory(1);
    console.log(data.chats.length);
  } catch (error) {
    handle(error);
  }
  try {
    await client.createEmail(123, {
      lang: "en",
      name: "User name",
      email: "name@example.com",
      content: "description of the question",
      files: input.files,
    });
  } catch (error) {
    handle(error);
  }
  try {
    const types = await client.getProhibitedFileTypes();
    expect(types.length).toBeGreaterThan(0);
  } catch (error) {
    handle(error);
  }
  const code = await client.createCobrowseCode();
  expect(code).toBe("123456");
  try {
    await client.startCobrowse();
  } catch (error) {
    handle(error);
  }
  const message = (await client.fetchMessages())[0]!;
  try {
    const file = await client.getMessageAttachment(message);
    expect(file).toBeNull();
  } catch (error) {
    handle(error);
  }
  try {
    await client.updatePostSession(PostSessionStatus.READY);
  } catch (error) {
    handle(error);
  }
  await client.runTrigger((trigger: TriggerItem) => {
    expect(trigger.id).toBe("trg_pricing");
  }, { signal: AbortSignal.abort() }).catch(handle);
  try {
    await client.finishChat();
    await client.resumeChat(1234);
    await client.destroyChat();
  } catch (error) {
    handle(error);
  }

  expect(trigger?.id).toBe("trg_pricing");
  // Only the aborted runTrigger may have failed: the example waits the trigger's 15 s delay.
  expect(failures.map((e) => (e as Error).name)).toEqual(["AbortError"]);
  client.close();
});
