<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ApiError</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The server&apos;s own error message, then Confab&apos;s explanation in parentheses.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>HTTP %1: the API key was rejected; check the key set for this provider</source>
        <translation>HTTP %1: the API key was rejected; check the key set for this provider</translation>
    </message>
    <message>
        <source>HTTP 402: payment required; check the account&apos;s balance</source>
        <translation>HTTP 402: payment required; check the account&apos;s balance</translation>
    </message>
    <message>
        <source>HTTP %1: access denied by the server</source>
        <translation>HTTP %1: access denied by the server</translation>
    </message>
    <message>
        <source>HTTP %1: not found; check the base URL and the model name</source>
        <translation>HTTP %1: not found; check the base URL and the model name</translation>
    </message>
    <message>
        <source>HTTP %1: rate limited; wait a moment and try again</source>
        <translation>HTTP %1: rate limited; wait a moment and try again</translation>
    </message>
    <message>
        <source>HTTP %1: the request is too large for the server; send smaller images or less history</source>
        <translation>HTTP %1: the request is too large for the server; send smaller images or less history</translation>
    </message>
    <message>
        <source>HTTP %1: the server timed out</source>
        <translation>HTTP %1: the server timed out</translation>
    </message>
    <message>
        <source>HTTP %1: the server rejected the request</source>
        <translation>HTTP %1: the server rejected the request</translation>
    </message>
    <message>
        <source>HTTP %1: the server had an error; try again later</source>
        <translation>HTTP %1: the server had an error; try again later</translation>
    </message>
    <message>
        <source>HTTP %1: the server sent an unexpected reply</source>
        <translation>HTTP %1: the server sent an unexpected reply</translation>
    </message>
    <message>
        <source>the gateway reported error %1</source>
        <translation>the gateway reported error %1</translation>
    </message>
    <message>
        <source>the server reported an error during the reply</source>
        <translation>the server reported an error during the reply</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>the server reported an error</translation>
    </message>
    <message>
        <source>No valid base URL is set for this provider</source>
        <translation>No valid base URL is set for this provider</translation>
    </message>
    <message>
        <source>The server&apos;s reply is larger than %1 MiB</source>
        <translation>The server&apos;s reply is larger than %1 MiB</translation>
    </message>
    <message>
        <source>A line of the event stream is longer than %1 MiB; the reply was stopped</source>
        <translation>A line of the event stream is longer than %1 MiB; the reply was stopped</translation>
    </message>
    <message>
        <source>The server&apos;s reply is not an event stream: %1</source>
        <translation>The server&apos;s reply is not an event stream: %1</translation>
    </message>
    <message>
        <source>HTTP %1: the server&apos;s reply is neither JSON nor an event stream</source>
        <translation>HTTP %1: the server&apos;s reply is neither JSON nor an event stream</translation>
    </message>
    <message>
        <source>HTTP %1: the server sent an empty reply</source>
        <translation>HTTP %1: the server sent an empty reply</translation>
    </message>
    <message>
        <source>HTTP %1: the model list is not in a known format</source>
        <translation>HTTP %1: the model list is not in a known format</translation>
    </message>
    <message>
        <source>Could not find the server %1 (DNS lookup failed); check the base URL and your connection</source>
        <translation>Could not find the server %1 (DNS lookup failed); check the base URL and your connection</translation>
    </message>
    <message>
        <source>The server %1 refused the connection; is it running, and is the port right?</source>
        <translation>The server %1 refused the connection; is it running, and is the port right?</translation>
    </message>
    <message>
        <source>The server %1 closed the connection unexpectedly</source>
        <translation>The server %1 closed the connection unexpectedly</translation>
    </message>
    <message>
        <source>The connection to %1 timed out</source>
        <translation>The connection to %1 timed out</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to %1 failed: %2</source>
        <translation>The secure (TLS) connection to %1 failed: %2</translation>
    </message>
    <message>
        <source>The network is unavailable</source>
        <translation>The network is unavailable</translation>
    </message>
    <message>
        <source>The proxy could not be reached: %1</source>
        <translation>The proxy could not be reached: %1</translation>
    </message>
    <message>
        <source>The proxy rejected its credentials</source>
        <translation>The proxy rejected its credentials</translation>
    </message>
    <message>
        <source>Network error talking to %1: %2</source>
        <translation>Network error talking to %1: %2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 s</source>
        <translation>Could not connect to %1 within %2 s</translation>
    </message>
    <message>
        <source>The server sent nothing for %1 s, so the reply was stopped; thinking models may need a longer inactivity timeout</source>
        <translation>The server sent nothing for %1 s, so the reply was stopped; thinking models may need a longer inactivity timeout</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>The connection closed before the reply was complete; the text received so far is kept</source>
        <translation>The connection closed before the reply was complete; the text received so far is kept</translation>
    </message>
    <message>
        <source>the server&apos;s reply contains no answer (no &quot;choices&quot;)</source>
        <translation>the server&apos;s reply contains no answer (no &quot;choices&quot;)</translation>
    </message>
    <message>
        <source>the server sent malformed JSON: %1</source>
        <translation>the server sent malformed JSON: %1</translation>
    </message>
    <message>
        <source>Could not connect through the proxy %1: %2</source>
        <translation>Could not connect through the proxy %1: %2</translation>
    </message>
    <message>
        <source>the server ended the stream without any answer</source>
        <translation>the server ended the stream without any answer</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <source>This image is no longer stored; remove it and attach it again.</source>
        <translation>This image is no longer stored; remove it and attach it again.</translation>
    </message>
</context>
<context>
    <name>AttachmentTile</name>
    <message>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Detail: how closely the model looks at the image. Low costs fewer tokens; Auto lets the server decide.</source>
        <translation>Detail: how closely the model looks at the image. Low costs fewer tokens; Auto lets the server decide.</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Remove this image</source>
        <translation>Remove this image</translation>
    </message>
    <message>
        <source>Web image</source>
        <translation>Web image</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <source>%1
Sent as a link: the server fetches it.</source>
        <translation>%1
Sent as a link: the server fetches it.</translation>
    </message>
    <message>
        <source>%1 × %2 · %3</source>
        <translation>%1 × %2 · %3</translation>
    </message>
    <message>
        <source>Scaled down from %1 × %2</source>
        <translation>Scaled down from %1 × %2</translation>
    </message>
</context>
<context>
    <name>ChatsCommand</name>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli: %1</translation>
    </message>
    <message>
        <source>confab-cli: the conversation database was damaged and was moved to %1; a new one was started</source>
        <translation>confab-cli: the conversation database was damaged and was moved to %1; a new one was started</translation>
    </message>
    <message>
        <source>chats list takes no arguments</source>
        <translation>chats list takes no arguments</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>chats show needs one conversation ID</source>
        <translation>chats show needs one conversation ID</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>There is no conversation %1</translation>
    </message>
    <message>
        <source>chats search needs a query</source>
        <translation>chats search needs a query</translation>
    </message>
    <message>
        <source>chats delete needs one conversation ID</source>
        <translation>chats delete needs one conversation ID</translation>
    </message>
    <message>
        <source>chats export --all writes one JSON file: give it with -o FILE</source>
        <translation>chats export --all writes one JSON file: give it with -o FILE</translation>
    </message>
    <message>
        <source>chats export needs one conversation ID, or --all</source>
        <translation>chats export needs one conversation ID, or --all</translation>
    </message>
    <message>
        <source>--format expects md or json, not &quot;%1&quot;</source>
        <translation>--format expects md or json, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>chats import needs one file</source>
        <translation>chats import needs one file</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s)</source>
        <translation>
            <numerusform>Imported %n conversation(s)</numerusform>
            <numerusform>Imported %n conversation(s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message(s)</numerusform>
            <numerusform>%n message(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown chats action &quot;%1&quot;; use list, show, search, delete, export or import</source>
        <translation>Unknown chats action &quot;%1&quot;; use list, show, search, delete, export or import</translation>
    </message>
</context>
<context>
    <name>CliOptions</name>
    <message>
        <source>--%1 expects a number, not &quot;%2&quot;</source>
        <translation>--%1 expects a number, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--%1 expects a whole number, not &quot;%2&quot;</source>
        <translation>--%1 expects a whole number, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--%1 must be at least %2</source>
        <translation>--%1 must be at least %2</translation>
    </message>
    <message>
        <source>--%1 expects true or false, not &quot;%2&quot;</source>
        <translation>--%1 expects true or false, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--%1 is not valid JSON: %2</source>
        <translation>--%1 is not valid JSON: %2</translation>
    </message>
    <message>
        <source>--%1 expects a JSON object ({...})</source>
        <translation>--%1 expects a JSON object ({...})</translation>
    </message>
    <message>
        <source>--header expects &quot;Name: value&quot;, not &quot;%1&quot;</source>
        <translation>--header expects &quot;Name: value&quot;, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Sends one prompt to an OpenAI-compatible chat completions API and prints the reply as it arrives, or lists the server&apos;s models.</source>
        <translation>Sends one prompt to an OpenAI-compatible chat completions API and prints the reply as it arrives, or lists the server&apos;s models.</translation>
    </message>
    <message>
        <source>The message to send; &quot;-&quot; reads it from standard input. The word &quot;models&quot; lists the models instead.</source>
        <translation>The message to send; &quot;-&quot; reads it from standard input. The word &quot;models&quot; lists the models instead.</translation>
    </message>
    <message>
        <source>Shows this help.</source>
        <translation>Shows this help.</translation>
    </message>
    <message>
        <source>Shows the version.</source>
        <translation>Shows the version.</translation>
    </message>
    <message>
        <source>The API base, such as https://api.openai.com/v1 (default: $CONFAB_BASE_URL, else $OPENAI_BASE_URL).</source>
        <translation>The API base, such as https://api.openai.com/v1 (default: $CONFAB_BASE_URL, else $OPENAI_BASE_URL).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The model to ask (default: $CONFAB_MODEL).</source>
        <translation>The model to ask (default: $CONFAB_MODEL).</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Takes the API key from this environment variable (default: $CONFAB_API_KEY, else $OPENAI_API_KEY). There is no option for the key itself, so it never shows in process lists or shell history.</source>
        <translation>Takes the API key from this environment variable (default: $CONFAB_API_KEY, else $OPENAI_API_KEY). There is no option for the key itself, so it never shows in process lists or shell history.</translation>
    </message>
    <message>
        <source>VAR</source>
        <translation>VAR</translation>
    </message>
    <message>
        <source>A system message sent before the prompt.</source>
        <translation>A system message sent before the prompt.</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>Attaches an image file (scaled down to --max-image-side) or an http(s) URL; repeatable.</source>
        <translation>Attaches an image file (scaled down to --max-image-side) or an http(s) URL; repeatable.</translation>
    </message>
    <message>
        <source>PATH_OR_URL</source>
        <translation>PATH_OR_URL</translation>
    </message>
    <message>
        <source>PX</source>
        <translation>PX</translation>
    </message>
    <message>
        <source>Sets temperature.</source>
        <translation>Sets temperature.</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Sets top_p.</source>
        <translation>Sets top_p.</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Sets max_tokens.</source>
        <translation>Sets max_tokens.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Sets max_completion_tokens.</source>
        <translation>Sets max_completion_tokens.</translation>
    </message>
    <message>
        <source>Asks for N choices (-n or --n); each is printed at the end under a &quot;--- choice N ---&quot; header.</source>
        <translation>Asks for N choices (-n or --n); each is printed at the end under a &quot;--- choice N ---&quot; header.</translation>
    </message>
    <message>
        <source>A stop sequence; repeatable.</source>
        <translation>A stop sequence; repeatable.</translation>
    </message>
    <message>
        <source>Sets seed.</source>
        <translation>Sets seed.</translation>
    </message>
    <message>
        <source>Sets presence_penalty.</source>
        <translation>Sets presence_penalty.</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Sets frequency_penalty.</source>
        <translation>Sets frequency_penalty.</translation>
    </message>
    <message>
        <source>Sets reasoning_effort (low, medium, high, ... as the model knows them).</source>
        <translation>Sets reasoning_effort (low, medium, high, ... as the model knows them).</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>LEVEL</translation>
    </message>
    <message>
        <source>Sets enable_thinking to true or false (Qwen and similar servers).</source>
        <translation>Sets enable_thinking to true or false (Qwen and similar servers).</translation>
    </message>
    <message>
        <source>BOOL</source>
        <translation>BOOL</translation>
    </message>
    <message>
        <source>Sets response_format: text, json_object or json_schema.</source>
        <translation>Sets response_format: text, json_object or json_schema.</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>The schema for json_schema: a JSON Schema, or a whole {&quot;name&quot;, &quot;schema&quot;, &quot;strict&quot;} object; implies --response-format json_schema.</source>
        <translation>The schema for json_schema: a JSON Schema, or a whole {&quot;name&quot;, &quot;schema&quot;, &quot;strict&quot;} object; implies --response-format json_schema.</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>A JSON object merged into the request body last, so its fields win; repeatable.</source>
        <translation>A JSON object merged into the request body last, so its fields win; repeatable.</translation>
    </message>
    <message>
        <source>Sends an HTTP header; repeatable.</source>
        <translation>Sends an HTTP header; repeatable.</translation>
    </message>
    <message>
        <source>&apos;NAME: VALUE&apos;</source>
        <translation>&apos;NAME: VALUE&apos;</translation>
    </message>
    <message>
        <source>Asks for the whole reply at once instead of a stream.</source>
        <translation>Asks for the whole reply at once instead of a stream.</translation>
    </message>
    <message>
        <source>Prints nothing while the reply arrives, then one JSON object with the result or the error.</source>
        <translation>Prints nothing while the reply arrives, then one JSON object with the result or the error.</translation>
    </message>
    <message>
        <source>Prints the model&apos;s reasoning to standard error.</source>
        <translation>Prints the model&apos;s reasoning to standard error.</translation>
    </message>
    <message>
        <source>http://host:port, socks5://host:port, &quot;none&quot;, or &quot;system&quot; (the default).</source>
        <translation>http://host:port, socks5://host:port, &quot;none&quot;, or &quot;system&quot; (the default).</translation>
    </message>
    <message>
        <source>Gives up when the server sends nothing for this many seconds; 0 waits forever (default: 300).</source>
        <translation>Gives up when the server sends nothing for this many seconds; 0 waits forever (default: 300).</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Writes the request and the raw response, API key removed, to FILE as JSON.</source>
        <translation>Writes the request and the raw response, API key removed, to FILE as JSON.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>No prompt given; pass it as one argument, or &quot;-&quot; to read standard input</source>
        <translation>No prompt given; pass it as one argument, or &quot;-&quot; to read standard input</translation>
    </message>
    <message numerus="yes">
        <source>Expected one prompt but got %n arguments; put the prompt in quotes</source>
        <translation>
            <numerusform>Expected one prompt but got %n argument</numerusform>
            <numerusform>Expected one prompt but got %n arguments</numerusform>
        </translation>
    </message>
    <message>
        <source>No base URL; use --base-url or set CONFAB_BASE_URL</source>
        <translation>No base URL; use --base-url or set CONFAB_BASE_URL</translation>
    </message>
    <message>
        <source>The environment variable %1 named by --api-key-env is not set</source>
        <translation>The environment variable %1 named by --api-key-env is not set</translation>
    </message>
    <message>
        <source>--timeout cannot be negative</source>
        <translation>--timeout cannot be negative</translation>
    </message>
    <message>
        <source>--trace records chat requests, not the model list</source>
        <translation>--trace records chat requests, not the model list</translation>
    </message>
    <message>
        <source>No model; use --model or set CONFAB_MODEL</source>
        <translation>No model; use --model or set CONFAB_MODEL</translation>
    </message>
    <message>
        <source>--response-format expects text, json_object or json_schema, not &quot;%1&quot;</source>
        <translation>--response-format expects text, json_object or json_schema, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--json-schema needs --response-format json_schema</source>
        <translation>--json-schema needs --response-format json_schema</translation>
    </message>
    <message>
        <source>--response-format json_schema needs the schema in --json-schema</source>
        <translation>--response-format json_schema needs the schema in --json-schema</translation>
    </message>
    <message>
        <source>Cannot read the prompt from standard input</source>
        <translation>Cannot read the prompt from standard input</translation>
    </message>
    <message>
        <source>The prompt is empty</source>
        <translation>The prompt is empty</translation>
    </message>
    <message>
        <source>--%1 expects a non-empty ID</source>
        <translation>--%1 expects a non-empty ID</translation>
    </message>
    <message>
        <source>--%1 expects token ids as keys, not &quot;%2&quot;</source>
        <translation>--%1 expects token ids as keys, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--%1 expects a number as the bias of token %2</source>
        <translation>--%1 expects a number as the bias of token %2</translation>
    </message>
    <message>
        <source>--%1 expects a JSON array of tools ([{...}])</source>
        <translation>--%1 expects a JSON array of tools ([{...}])</translation>
    </message>
    <message>
        <source>--%1: tool %2 needs a &quot;type&quot;, and a function needs a name</source>
        <translation>--%1: tool %2 needs a &quot;type&quot;, and a function needs a name</translation>
    </message>
    <message>
        <source>--%1 expects none, auto, required or a JSON object, not &quot;%2&quot;</source>
        <translation>--%1 expects none, auto, required or a JSON object, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--%1 needs a &quot;type&quot;, and a function needs a name</source>
        <translation>--%1 needs a &quot;type&quot;, and a function needs a name</translation>
    </message>
    <message>
        <source>Sets logit_bias: a JSON object of token ids and biases, such as {&quot;50256&quot;: -100}.</source>
        <translation>Sets logit_bias: a JSON object of token ids and biases, such as {&quot;50256&quot;: -100}.</translation>
    </message>
    <message>
        <source>Sets user, an ID for the end user.</source>
        <translation>Sets user, an ID for the end user.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Sets tools: a JSON array of tools, such as [{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {&quot;name&quot;: ...}}].</source>
        <translation>Sets tools: a JSON array of tools, such as [{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {&quot;name&quot;: ...}}].</translation>
    </message>
    <message>
        <source>Sets tool_choice: none, auto, required, or a JSON object naming one tool.</source>
        <translation>Sets tool_choice: none, auto, required, or a JSON object naming one tool.</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>VALUE</translation>
    </message>
    <message>
        <source>Sets parallel_tool_calls to true or false.</source>
        <translation>Sets parallel_tool_calls to true or false.</translation>
    </message>
    <message>
        <source>Sets web_search_options to this JSON object.</source>
        <translation>Sets web_search_options to this JSON object.</translation>
    </message>
    <message>
        <source>Sends this JSON object as the field extra_body; unlike --extra, its fields stay inside it.</source>
        <translation>Sends this JSON object as the field extra_body; unlike --extra, its fields stay inside it.</translation>
    </message>
    <message numerus="yes">
        <source>--stop can be given at most %1 times, not %n</source>
        <translation>
            <numerusform>--stop can be given at most %1 times, not %n</numerusform>
            <numerusform>--stop can be given at most %1 times, not %n</numerusform>
        </translation>
    </message>
    <message>
        <source>PROMPT | models | chats ACTION</source>
        <translation>PROMPT | models | chats ACTION</translation>
    </message>
    <message>
        <source>Keeps conversations in DIR (a portable profile) instead of the user&apos;s data folder.</source>
        <translation>Keeps conversations in DIR (a portable profile) instead of the user&apos;s data folder.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Stores the prompt and the reply as a new conversation, saved while the reply streams.</source>
        <translation>Stores the prompt and the reply as a new conversation, saved while the reply streams.</translation>
    </message>
    <message>
        <source>Continues the stored conversation ID: its history is sent, and the exchange is added to it.</source>
        <translation>Continues the stored conversation ID: its history is sent, and the exchange is added to it.</translation>
    </message>
    <message>
        <source>
Environment:
  CONFAB_API_KEY, OPENAI_API_KEY    the API key, unless --api-key-env names another variable
  CONFAB_BASE_URL, OPENAI_BASE_URL  the API base, unless --base-url is given
  CONFAB_MODEL                      the model, unless --model is given

Exit status:
  0    the reply arrived in full
  1    the reply arrived but the --trace file could not be written
  2    a wrong or missing option, or an image that cannot be read
  3    the server refused the request or sent an error or a reply that makes no sense
  4    a network error, a timeout, or a stream that was cut off
  130  interrupted by Ctrl-C (143 for SIGTERM); what arrived so far is printed

Examples:
  export CONFAB_BASE_URL=https://api.openai.com/v1 CONFAB_API_KEY=sk-...
  confab-cli --model gpt-4o-mini &quot;Why is the sky blue?&quot;
  git diff | confab-cli --model gpt-4o-mini --system &quot;Review this diff&quot; -
  confab-cli --model gpt-4o --image photo.jpg &quot;What is in this picture?&quot;
  confab-cli --model gpt-4o-mini --tool-choice required \
      --tools &apos;[{&quot;type&quot;:&quot;function&quot;,&quot;function&quot;:{&quot;name&quot;:&quot;get_time&quot;}}]&apos; &quot;What time is it?&quot;
  confab-cli models
  confab-cli --save &quot;Plan a trip to Hangzhou&quot;
  confab-cli chats list
  confab-cli chats search 杭州
</source>
        <translation>
Environment:
  CONFAB_API_KEY, OPENAI_API_KEY    the API key, unless --api-key-env names another variable
  CONFAB_BASE_URL, OPENAI_BASE_URL  the API base, unless --base-url is given
  CONFAB_MODEL                      the model, unless --model is given

Exit status:
  0    the reply arrived in full
  1    the reply arrived but the --trace file could not be written
  2    a wrong or missing option, or an image that cannot be read
  3    the server refused the request or sent an error or a reply that makes no sense
  4    a network error, a timeout, or a stream that was cut off
  130  interrupted by Ctrl-C (143 for SIGTERM); what arrived so far is printed

Examples:
  export CONFAB_BASE_URL=https://api.openai.com/v1 CONFAB_API_KEY=sk-...
  confab-cli --model gpt-4o-mini &quot;Why is the sky blue?&quot;
  git diff | confab-cli --model gpt-4o-mini --system &quot;Review this diff&quot; -
  confab-cli --model gpt-4o --image photo.jpg &quot;What is in this picture?&quot;
  confab-cli --model gpt-4o-mini --tool-choice required \
      --tools &apos;[{&quot;type&quot;:&quot;function&quot;,&quot;function&quot;:{&quot;name&quot;:&quot;get_time&quot;}}]&apos; &quot;What time is it?&quot;
  confab-cli models
  confab-cli --save &quot;Plan a trip to Hangzhou&quot;
  confab-cli chats list
  confab-cli chats search 杭州
</translation>
    </message>
    <message>
        <source>For chats export: md (Markdown) or json (Confab JSON, the default).</source>
        <translation>For chats export: md (Markdown) or json (Confab JSON, the default).</translation>
    </message>
    <message>
        <source>For chats export: the file to write (standard output when not given).</source>
        <translation>For chats export: the file to write (standard output when not given).</translation>
    </message>
    <message>
        <source>For chats export: every conversation, into one JSON file.</source>
        <translation>For chats export: every conversation, into one JSON file.</translation>
    </message>
    <message>
        <source>chats needs an action: list, show ID, search QUERY, delete ID, export ID, export --all -o FILE or import FILE</source>
        <translation>chats needs an action: list, show ID, search QUERY, delete ID, export ID, export --all -o FILE or import FILE</translation>
    </message>
    <message>
        <source>Scales images whose longest side is larger down to this many pixels; 0 keeps their size (default: %1).</source>
        <translation>Scales images whose longest side is larger down to this many pixels; 0 keeps their size (default: %1).</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>CliRunner</name>
    <message>
        <source>--- choice %1 ---</source>
        <translation>--- choice %1 ---</translation>
    </message>
    <message>
        <source>[tool call] %1(%2)</source>
        <translation>[tool call] %1(%2)</translation>
    </message>
    <message>
        <source>confab-cli: choice %1 stopped at the token limit</source>
        <translation>confab-cli: choice %1 stopped at the token limit</translation>
    </message>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli: %1</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>confab-cli: cannot write the trace to %1: %2</source>
        <translation>confab-cli: cannot write the trace to %1: %2</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>There is no conversation %1</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask anything (Enter sends, Shift+Enter starts a new line)</source>
        <translation>Ask anything (Enter sends, Shift+Enter starts a new line)</translation>
    </message>
    <message>
        <source>Ask anything (Shift+Enter sends, Enter starts a new line)</source>
        <translation>Ask anything (Shift+Enter sends, Enter starts a new line)</translation>
    </message>
</context>
<context>
    <name>ComposerImages</name>
    <message numerus="yes">
        <source>A question can carry at most %n image(s).</source>
        <translation>
            <numerusform>A question can carry at most %n image.</numerusform>
            <numerusform>A question can carry at most %n images.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Image Size</source>
        <translation>&amp;Image Size</translation>
    </message>
    <message>
        <source>Longest Side %1 px</source>
        <translation>Longest Side %1 px</translation>
    </message>
    <message>
        <source>Original Size</source>
        <translation>Original Size</translation>
    </message>
    <message>
        <source>Images per &amp;Question…</source>
        <translation>Images per &amp;Question…</translation>
    </message>
    <message>
        <source>Images per Question</source>
        <translation>Images per Question</translation>
    </message>
    <message>
        <source>How many images one question may carry:</source>
        <translation>How many images one question may carry:</translation>
    </message>
    <message>
        <source>Attach Images</source>
        <translation>Attach Images</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Images (%1)</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>All Files (*)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>Pinned</source>
        <translation>Pinned</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>Previous 7 days</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Older</translation>
    </message>
</context>
<context>
    <name>ConversationExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>[An image that is no longer stored]</source>
        <translation>[An image that is no longer stored]</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Cannot create the folder %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>Assistant (%1)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Developer</source>
        <translation>Developer</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Tool</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Tool call:</source>
        <translation>Tool call:</translation>
    </message>
    <message>
        <source>Refused:</source>
        <translation>Refused:</translation>
    </message>
    <message>
        <source>Still being written when exported.</source>
        <translation>Still being written when exported.</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Stopped before the end.</translation>
    </message>
    <message>
        <source>Cut off: the reply ended early.</source>
        <translation>Cut off: the reply ended early.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Failed.</translation>
    </message>
    <message>
        <source>Interrupted: Confab closed while this reply was written.</source>
        <translation>Interrupted: Confab closed while this reply was written.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>Prompt tokens: %1</source>
        <translation>Prompt tokens: %1</translation>
    </message>
    <message>
        <source>Completion tokens: %1</source>
        <translation>Completion tokens: %1</translation>
    </message>
    <message>
        <source>Reasoning tokens: %1</source>
        <translation>Reasoning tokens: %1</translation>
    </message>
    <message>
        <source>Cached tokens: %1</source>
        <translation>Cached tokens: %1</translation>
    </message>
    <message>
        <source>Finish reason: %1</source>
        <translation>Finish reason: %1</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>Untitled conversation</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <source>Cannot read the conversation list: %1</source>
        <translation>Cannot read the conversation list: %1</translation>
    </message>
    <message>
        <source>Cannot read conversation %1: %2</source>
        <translation>Cannot read conversation %1: %2</translation>
    </message>
</context>
<context>
    <name>ConversationImport</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>“%1” is not a string</source>
        <translation>“%1” is not a string</translation>
    </message>
    <message>
        <source>“%1” is not a whole number</source>
        <translation>“%1” is not a whole number</translation>
    </message>
    <message>
        <source>“%1” is not a number</source>
        <translation>“%1” is not a number</translation>
    </message>
    <message>
        <source>“%1” is not true or false</source>
        <translation>“%1” is not true or false</translation>
    </message>
    <message>
        <source>“%1” is not an ISO 8601 date and time</source>
        <translation>“%1” is not an ISO 8601 date and time</translation>
    </message>
    <message>
        <source>“%1” is not an object</source>
        <translation>“%1” is not an object</translation>
    </message>
    <message>
        <source>“%1” is not an array</source>
        <translation>“%1” is not an array</translation>
    </message>
    <message>
        <source>an image is not an object</source>
        <translation>an image is not an object</translation>
    </message>
    <message>
        <source>an image needs either a hash or a URL</source>
        <translation>an image needs either a hash or a URL</translation>
    </message>
    <message>
        <source>the image detail “%1” is unknown</source>
        <translation>the image detail “%1” is unknown</translation>
    </message>
    <message>
        <source>“parentId” is negative</source>
        <translation>“parentId” is negative</translation>
    </message>
    <message>
        <source>the role “%1” is unknown</source>
        <translation>the role “%1” is unknown</translation>
    </message>
    <message>
        <source>the state “%1” is unknown</source>
        <translation>the state “%1” is unknown</translation>
    </message>
    <message>
        <source>it is not a Confab conversation</source>
        <translation>it is not a Confab conversation</translation>
    </message>
    <message>
        <source>it was written by a newer version of Confab (format version %1)</source>
        <translation>it was written by a newer version of Confab (format version %1)</translation>
    </message>
    <message>
        <source>it has no format version</source>
        <translation>it has no format version</translation>
    </message>
    <message>
        <source>message %1 is not an object</source>
        <translation>message %1 is not an object</translation>
    </message>
    <message>
        <source>message %1 has no valid “id”</source>
        <translation>message %1 has no valid “id”</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1, message %2</translation>
    </message>
    <message>
        <source>the id is used twice</source>
        <translation>the id is used twice</translation>
    </message>
    <message>
        <source>its parent %1 is not in the file</source>
        <translation>its parent %1 is not in the file</translation>
    </message>
    <message>
        <source>its parents form a cycle</source>
        <translation>its parents form a cycle</translation>
    </message>
    <message>
        <source>%1, image %2</source>
        <translation>%1, image %2</translation>
    </message>
    <message>
        <source>it is not an object</source>
        <translation>it is not an object</translation>
    </message>
    <message>
        <source>“data” is not base64</source>
        <translation>“data” is not base64</translation>
    </message>
    <message>
        <source>the bytes do not match the hash</source>
        <translation>the bytes do not match the hash</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[image]</translation>
    </message>
    <message>
        <source>[%1]</source>
        <translation>[%1]</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>attachment</translation>
    </message>
    <message>
        <source>it has no “mapping” of messages</source>
        <translation>it has no “mapping” of messages</translation>
    </message>
    <message>
        <source>%1, node %2</source>
        <translation>%1, node %2</translation>
    </message>
    <message>
        <source>its parent %1 is not in the mapping</source>
        <translation>its parent %1 is not in the mapping</translation>
    </message>
    <message>
        <source>its current node %1 is not in the mapping</source>
        <translation>its current node %1 is not in the mapping</translation>
    </message>
    <message>
        <source>the message has no author role</source>
        <translation>the message has no author role</translation>
    </message>
    <message>
        <source>it is not connected to a root: its parents form a cycle</source>
        <translation>it is not connected to a root: its parents form a cycle</translation>
    </message>
    <message>
        <source>line %1, column %2</source>
        <translation>line %1, column %2</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported</source>
        <translation>The import was cancelled; nothing was imported</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at %3</source>
        <translation>%1 is not valid JSON: %2 at %3</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Confab (format version %2)</source>
        <translation>%1 was written by a newer version of Confab (format version %2)</translation>
    </message>
    <message>
        <source>%1 cannot be imported: its “conversations” is not an array</source>
        <translation>%1 cannot be imported: its “conversations” is not an array</translation>
    </message>
    <message>
        <source>%1 is neither a Confab export nor a ChatGPT conversations.json</source>
        <translation>%1 is neither a Confab export nor a ChatGPT conversations.json</translation>
    </message>
    <message>
        <source>conversation %1</source>
        <translation>conversation %1</translation>
    </message>
    <message>
        <source>conversation %1 (“%2”)</source>
        <translation>conversation %1 (“%2”)</translation>
    </message>
    <message>
        <source>%1 cannot be imported: %2</source>
        <translation>%1 cannot be imported: %2</translation>
    </message>
    <message>
        <source>Nothing was imported from %1: %2</source>
        <translation>Nothing was imported from %1: %2</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
</context>
<context>
    <name>ConversationSession</name>
    <message>
        <source>Could not read the older messages of this conversation.</source>
        <translation>Could not read the older messages of this conversation.</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>Choose a model first.</translation>
    </message>
    <message>
        <source>Stop the reply, or wait for it to end, before deleting a message.</source>
        <translation>Stop the reply, or wait for it to end, before deleting a message.</translation>
    </message>
    <message>
        <source>Set up a provider first: Settings ▸ Providers.</source>
        <translation>Set up a provider first: Settings ▸ Providers.</translation>
    </message>
    <message>
        <source>The provider of this conversation was removed. Choose another one and retry.</source>
        <translation>The provider of this conversation was removed. Choose another one and retry.</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>The search failed: %1</source>
        <translation>The search failed: %1</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Search conversations</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>New chat (%1)</source>
        <translation>New chat (%1)</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Conversation deleted</source>
        <translation>Conversation deleted</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Pin</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>No matches</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>Could not save to the conversation database (%1): %2</source>
        <translation>Could not save to the conversation database (%1): %2</translation>
    </message>
    <message>
        <source>Could not save the conversation: %1</source>
        <translation>Could not save the conversation: %1</translation>
    </message>
    <message>
        <source>Could not delete the conversation: %1</source>
        <translation>Could not delete the conversation: %1</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>There is no conversation %1</translation>
    </message>
    <message>
        <source>a new message</source>
        <translation>a new message</translation>
    </message>
    <message>
        <source>Could not save the message: %1</source>
        <translation>Could not save the message: %1</translation>
    </message>
    <message>
        <source>Could not save the image: %1</source>
        <translation>Could not save the image: %1</translation>
    </message>
    <message>
        <source>a streaming reply</source>
        <translation>a streaming reply</translation>
    </message>
    <message>
        <source>a finished reply</source>
        <translation>a finished reply</translation>
    </message>
    <message>
        <source>recovering replies</source>
        <translation>recovering replies</translation>
    </message>
    <message>
        <source>a new conversation</source>
        <translation>a new conversation</translation>
    </message>
    <message>
        <source>the conversation</source>
        <translation>the conversation</translation>
    </message>
    <message>
        <source>deleting a conversation</source>
        <translation>deleting a conversation</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>the message</translation>
    </message>
    <message>
        <source>a bulk write</source>
        <translation>a bulk write</translation>
    </message>
    <message>
        <source>Could not save the message: there is no message %1 in conversation %2</source>
        <translation>Could not save the message: there is no message %1 in conversation %2</translation>
    </message>
    <message>
        <source>the shown reply</source>
        <translation>the shown reply</translation>
    </message>
    <message>
        <source>deleting a message</source>
        <translation>deleting a message</translation>
    </message>
    <message>
        <source>Could not delete the message: %1</source>
        <translation>Could not delete the message: %1</translation>
    </message>
    <message>
        <source>Could not delete the message: it is not in this conversation.</source>
        <translation>Could not delete the message: it is not in this conversation.</translation>
    </message>
    <message>
        <source>removing unused images</source>
        <translation>removing unused images</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Database error: %1</source>
        <translation>Database error: %1</translation>
    </message>
    <message>
        <source>The conversation database %1 is damaged and could not be moved aside; Confab did not touch it.</source>
        <translation>The conversation database %1 is damaged and could not be moved aside; Confab did not touch it.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Cannot create the folder %1</translation>
    </message>
    <message>
        <source>Cannot open the conversation database %1: %2</source>
        <translation>Cannot open the conversation database %1: %2</translation>
    </message>
    <message>
        <source>The conversation database %1 is in use by another program; close it and try again</source>
        <translation>The conversation database %1 is in use by another program; close it and try again</translation>
    </message>
    <message>
        <source>The conversation database %1 is damaged</source>
        <translation>The conversation database %1 is damaged</translation>
    </message>
    <message>
        <source>Cannot read the conversation database %1: %2</source>
        <translation>Cannot read the conversation database %1: %2</translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Confab (schema %2; this version knows %3). Update Confab to open it; the file was not changed.</source>
        <translation>The conversation database %1 was written by a newer version of Confab (schema %2; this version knows %3). Update Confab to open it; the file was not changed.</translation>
    </message>
    <message>
        <source>Cannot copy the conversation database before updating it: %1</source>
        <translation>Cannot copy the conversation database before updating it: %1</translation>
    </message>
    <message>
        <source>Cannot update the conversation database: %1</source>
        <translation>Cannot update the conversation database: %1</translation>
    </message>
    <message>
        <source>Cannot update the conversation database to schema %1: %2</source>
        <translation>Cannot update the conversation database to schema %1: %2</translation>
    </message>
    <message>
        <source>The conversation database %1 is not ready to be read</source>
        <translation>The conversation database %1 is not ready to be read</translation>
    </message>
</context>
<context>
    <name>DemoServer</name>
    <message>
        <source>Demo (on this computer)</source>
        <translation>Demo (on this computer)</translation>
    </message>
</context>
<context>
    <name>Endpoint</name>
    <message>
        <source>No base URL is set.</source>
        <translation>No base URL is set.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// URL.</source>
        <translation>&quot;%1&quot; is not an http:// or https:// URL.</translation>
    </message>
</context>
<context>
    <name>ImageEncoder</name>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>The file cannot be read: %1</translation>
    </message>
    <message>
        <source>The file is too large: %1 MB (at most %2 MB).</source>
        <translation>The file is too large: %1 MB (at most %2 MB).</translation>
    </message>
    <message>
        <source>This is not an image Confab can read.</source>
        <translation>This is not an image Confab can read.</translation>
    </message>
    <message>
        <source>This image is too large to open: %1 × %2 pixels would need %3 MB of memory, and the limit is %4 MB.</source>
        <translation>This image is too large to open: %1 × %2 pixels would need %3 MB of memory, and the limit is %4 MB.</translation>
    </message>
    <message>
        <source>The image is damaged or incomplete (%1).</source>
        <translation>The image is damaged or incomplete (%1).</translation>
    </message>
    <message>
        <source>The image could not be encoded.</source>
        <translation>The image could not be encoded.</translation>
    </message>
    <message>
        <source>The image cannot be made smaller than %1 KB.</source>
        <translation>The image cannot be made smaller than %1 KB.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>The file is empty.</translation>
    </message>
    <message>
        <source>the JPEG data ends early</source>
        <translation>the JPEG data ends early</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Zoom In</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Zoom Out</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <source>Open With System Viewer</source>
        <translation>Open With System Viewer</translation>
    </message>
    <message>
        <source>This attachment cannot be shown as an image.</source>
        <translation>This attachment cannot be shown as an image.</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Save Image As</source>
        <translation>Save Image As</translation>
    </message>
    <message>
        <source>Could not save “%1”: %2</source>
        <translation>Could not save “%1”: %2</translation>
    </message>
    <message>
        <source>No application is set up to open this kind of file.</source>
        <translation>No application is set up to open this kind of file.</translation>
    </message>
    <message>
        <source>Could not open the image with the system viewer: %1</source>
        <translation>Could not open the image with the system viewer: %1</translation>
    </message>
    <message>
        <source>image</source>
        <comment>file name of a saved picture without a name</comment>
        <translation>image</translation>
    </message>
    <message>
        <source>%1 × %2 · %3 · %4 %</source>
        <comment>width, height, file size, zoom percentage</comment>
        <translation>%1 × %2 · %3 · %4 %</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>&amp;New Chat</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>No provider</source>
        <translation>No provider</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>The conversation&apos;s title: click to rename it</source>
        <translation>The conversation&apos;s title: click to rename it</translation>
    </message>
    <message>
        <source>The model this conversation uses</source>
        <translation>The model this conversation uses</translation>
    </message>
    <message>
        <source>Editing a question: sending makes a new branch. Esc cancels.</source>
        <translation>Editing a question: sending makes a new branch. Esc cancels.</translation>
    </message>
    <message>
        <source>&amp;Search Conversations</source>
        <translation>&amp;Search Conversations</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Not saved yet (%1). Confab keeps the text and tries again.</source>
        <translation>Not saved yet (%1). Confab keeps the text and tries again.</translation>
    </message>
    <message>
        <source>%1 – Confab</source>
        <translation>%1 – Confab</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Stop the reply (Esc)</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Send (Enter)</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>What went wrong</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>HTTP status: %1</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Type: %1</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>Request ID: %1</source>
        <translation>Request ID: %1</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>Response:</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>Request:</translation>
    </message>
    <message>
        <source>The details of this failure were not kept (it happened in an earlier run).</source>
        <translation>The details of this failure were not kept (it happened in an earlier run).</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Copy as curl</translation>
    </message>
    <message>
        <source>Could not change the conversation.</source>
        <translation>Could not change the conversation.</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>Export Conversation</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Confab JSON (*.json)</source>
        <translation>Markdown (*.md);;Confab JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>Delete this version and the messages that follow it?</source>
        <translation>Delete this version and the messages that follow it?</translation>
    </message>
    <message numerus="yes">
        <source>Delete this version and the %n message(s) that follow it? The other versions stay.</source>
        <translation>
            <numerusform>Delete this version and the message that follows it? The other versions stay.</numerusform>
            <numerusform>Delete this version and the %n messages that follow it? The other versions stay.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this version? The other versions stay.</source>
        <translation>Delete this version? The other versions stay.</translation>
    </message>
    <message>
        <source>Delete this message? The messages after it stay in the conversation.</source>
        <translation>Delete this message? The messages after it stay in the conversation.</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>Delete Message</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Enter Sends the Message</source>
        <translation>&amp;Enter Sends the Message</translation>
    </message>
    <message>
        <source>When off, Enter starts a new line and Shift+Enter sends</source>
        <translation>When off, Enter starts a new line and Shift+Enter sends</translation>
    </message>
    <message>
        <source>The provider this conversation talks to</source>
        <translation>The provider this conversation talks to</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>&amp;Providers…</translation>
    </message>
    <message>
        <source>The key for %1 could not be read: %2</source>
        <translation>The key for %1 could not be read: %2</translation>
    </message>
    <message>
        <source>Welcome to Confab</source>
        <translation>Welcome to Confab</translation>
    </message>
    <message>
        <source>Confab talks to any OpenAI-compatible service: OpenAI, DeepSeek, a gateway, or a model running on this computer (Ollama, LM Studio, llama.cpp).</source>
        <translation>Confab talks to any OpenAI-compatible service: OpenAI, DeepSeek, a gateway, or a model running on this computer (Ollama, LM Studio, llama.cpp).</translation>
    </message>
    <message>
        <source>Set up a provider to start, or try the demo model first: it needs no key and no network.</source>
        <translation>Set up a provider to start, or try the demo model first: it needs no key and no network.</translation>
    </message>
    <message>
        <source>Set Up a Provider…</source>
        <translation>Set Up a Provider…</translation>
    </message>
    <message>
        <source>Try the Demo</source>
        <translation>Try the Demo</translation>
    </message>
    <message>
        <source>The demo server could not start.</source>
        <translation>The demo server could not start.</translation>
    </message>
    <message>
        <source>Conversation &amp;Parameters</source>
        <translation>Conversation &amp;Parameters</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>(the next question)</source>
        <translation>(the next question)</translation>
    </message>
    <message>
        <source>Set up a provider first: Settings ▸ Providers.</source>
        <translation>Set up a provider first: Settings ▸ Providers.</translation>
    </message>
    <message>
        <source>The Next Request</source>
        <translation>The Next Request</translation>
    </message>
    <message>
        <source>This provider is not kept in the settings, so it keeps no defaults.</source>
        <translation>This provider is not kept in the settings, so it keeps no defaults.</translation>
    </message>
    <message>
        <source>New conversations with this provider start with these parameters.</source>
        <translation>New conversations with this provider start with these parameters.</translation>
    </message>
    <message>
        <source>Attach images (you can also drop or paste them)</source>
        <translation>Attach images (you can also drop or paste them)</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>Attach images</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>The images are still being prepared; send again in a moment.</source>
        <translation>The images are still being prepared; send again in a moment.</translation>
    </message>
    <message>
        <source>This image is no longer stored.</source>
        <translation>This image is no longer stored.</translation>
    </message>
    <message>
        <source>Send Images?</source>
        <translation>Send Images?</translation>
    </message>
    <message numerus="yes">
        <source>%1 is not marked as able to see images. The server may refuse the question or ignore the %n image(s).</source>
        <translation>
            <numerusform>%1 is not marked as able to see images. The server may refuse the question or ignore the %n image.</numerusform>
            <numerusform>%1 is not marked as able to see images. The server may refuse the question or ignore the %n images.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark the model for images in Settings ▸ Providers ▸ Models if it can see them.</source>
        <translation>Mark the model for images in Settings ▸ Providers ▸ Models if it can see them.</translation>
    </message>
    <message>
        <source>Send Anyway</source>
        <translation>Send Anyway</translation>
    </message>
    <message>
        <source>Images are now scaled to at most %1 px (Settings ▸ Image Size).</source>
        <translation>Images are now scaled to at most %1 px (Settings ▸ Image Size).</translation>
    </message>
    <message>
        <source>Do not ask again for this model until Confab restarts</source>
        <translation>Do not ask again for this model until Confab restarts</translation>
    </message>
</context>
<context>
    <name>MemorySecretStore</name>
    <message>
        <source>No keychain service answers on this computer.</source>
        <translation>No keychain service answers on this computer.</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Jump to latest</source>
        <translation>Jump to latest</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Thinking…</translation>
    </message>
    <message numerus="yes">
        <source>Thought for %n s</source>
        <translation>
            <numerusform>Thought for %n s</numerusform>
            <numerusform>Thought for %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Thinking</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Stopped. The text so far is kept.</source>
        <translation>Stopped. The text so far is kept.</translation>
    </message>
    <message>
        <source>The connection ended before the reply was complete. The text so far is kept.</source>
        <translation>The connection ended before the reply was complete. The text so far is kept.</translation>
    </message>
    <message>
        <source>Interrupted: Confab closed while this reply was arriving.</source>
        <translation>Interrupted: Confab closed while this reply was arriving.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>%1 in · %2 out</translation>
    </message>
    <message>
        <source> (%1 reasoning)</source>
        <translation> (%1 reasoning)</translation>
    </message>
    <message>
        <source> · %1 cached</source>
        <translation> · %1 cached</translation>
    </message>
    <message>
        <source>first token %1 s</source>
        <translation>first token %1 s</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>cut at the token limit</translation>
    </message>
    <message>
        <source>finish: %1</source>
        <translation>finish: %1</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>Copy Message as Markdown</source>
        <translation>Copy Message as Markdown</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>The image from %1 could not be loaded</source>
        <translation>The image from %1 could not be loaded</translation>
    </message>
    <message>
        <source>Loading the image from %1…</source>
        <translation>Loading the image from %1…</translation>
    </message>
    <message>
        <source>Show the image from %1</source>
        <translation>Show the image from %1</translation>
    </message>
    <message>
        <source>This image could not be shown</source>
        <translation>This image could not be shown</translation>
    </message>
    <message>
        <source>Image not shown: %1</source>
        <translation>Image not shown: %1</translation>
    </message>
    <message>
        <source>Ask anything.</source>
        <translation>Ask anything.</translation>
    </message>
    <message>
        <source>This image is no longer stored</source>
        <translation>This image is no longer stored</translation>
    </message>
    <message>
        <source>Loading the image…</source>
        <translation>Loading the image…</translation>
    </message>
    <message>
        <source>Resend Images at %1 px</source>
        <translation>Resend Images at %1 px</translation>
    </message>
</context>
<context>
    <name>Parameters</name>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>0 to 2. Higher values make the wording more varied, lower more focused.</source>
        <translation>0 to 2. Higher values make the wording more varied, lower more focused.</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>0 to 1. Only the most likely words making up this share of probability are considered. Change this or temperature, not both.</source>
        <translation>0 to 1. Only the most likely words making up this share of probability are considered. Change this or temperature, not both.</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max tokens</translation>
    </message>
    <message>
        <source>The longest reply, in tokens. A reply cut there ends with &quot;length&quot;.</source>
        <translation>The longest reply, in tokens. A reply cut there ends with &quot;length&quot;.</translation>
    </message>
    <message>
        <source>Max completion tokens</source>
        <translation>Max completion tokens</translation>
    </message>
    <message>
        <source>As max tokens, counting reasoning tokens too; newer OpenAI models want this one.</source>
        <translation>As max tokens, counting reasoning tokens too; newer OpenAI models want this one.</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>Presence penalty</translation>
    </message>
    <message>
        <source>-2 to 2. Positive values push the model towards new topics.</source>
        <translation>-2 to 2. Positive values push the model towards new topics.</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>Frequency penalty</translation>
    </message>
    <message>
        <source>-2 to 2. Positive values make the model repeat itself less.</source>
        <translation>-2 to 2. Positive values make the model repeat itself less.</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Stop sequences</translation>
    </message>
    <message>
        <source>Up to 4, one per line. The reply ends before any of them.</source>
        <translation>Up to 4, one per line. The reply ends before any of them.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>The same seed and request give the same reply where the server supports it.</source>
        <translation>The same seed and request give the same reply where the server supports it.</translation>
    </message>
    <message>
        <source>Candidates (n)</source>
        <translation>Candidates (n)</translation>
    </message>
    <message>
        <source>1 to 8 replies to choose from.</source>
        <translation>1 to 8 replies to choose from.</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>Show the reply as it is written. Off: it appears when complete.</source>
        <translation>Show the reply as it is written. Off: it appears when complete.</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Reasoning effort</translation>
    </message>
    <message>
        <source>How long reasoning models think before they answer.</source>
        <translation>How long reasoning models think before they answer.</translation>
    </message>
    <message>
        <source>Enable thinking</source>
        <translation>Enable thinking</translation>
    </message>
    <message>
        <source>Qwen-style switch for the thinking of hybrid models.</source>
        <translation>Qwen-style switch for the thinking of hybrid models.</translation>
    </message>
    <message>
        <source>Response format</source>
        <translation>Response format</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;json_object&quot;}, or {&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {...}} for replies that follow a schema.</source>
        <translation>{&quot;type&quot;: &quot;json_object&quot;}, or {&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {...}} for replies that follow a schema.</translation>
    </message>
    <message>
        <source>Web search options</source>
        <translation>Web search options</translation>
    </message>
    <message>
        <source>For models that search the web, e.g. {&quot;search_context_size&quot;: &quot;low&quot;}.</source>
        <translation>For models that search the web, e.g. {&quot;search_context_size&quot;: &quot;low&quot;}.</translation>
    </message>
    <message>
        <source>Logit bias</source>
        <translation>Logit bias</translation>
    </message>
    <message>
        <source>Token ids mapped to -100 to 100, e.g. {&quot;50256&quot;: -100}.</source>
        <translation>Token ids mapped to -100 to 100, e.g. {&quot;50256&quot;: -100}.</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>An id for the end user, which some services use against abuse.</source>
        <translation>An id for the end user, which some services use against abuse.</translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1 must be a number.</translation>
    </message>
    <message>
        <source>%1 must be a whole number.</source>
        <translation>%1 must be a whole number.</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1 must be between %2 and %3.</translation>
    </message>
    <message>
        <source>%1 must be on or off.</source>
        <translation>%1 must be on or off.</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 must be text.</translation>
    </message>
    <message>
        <source>%1: at most %2.</source>
        <translation>%1: at most %2.</translation>
    </message>
    <message>
        <source>%1 must be one of: %2.</source>
        <translation>%1 must be one of: %2.</translation>
    </message>
    <message>
        <source>%1 must be a JSON object.</source>
        <translation>%1 must be a JSON object.</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Line %1, column %2: %3</translation>
    </message>
    <message>
        <source>This must be a JSON object: {...}</source>
        <translation>This must be a JSON object: {...}</translation>
    </message>
    <message>
        <source>Response format: &quot;type&quot; must be &quot;text&quot;, &quot;json_object&quot; or &quot;json_schema&quot;.</source>
        <translation>Response format: &quot;type&quot; must be &quot;text&quot;, &quot;json_object&quot; or &quot;json_schema&quot;.</translation>
    </message>
    <message>
        <source>Response format: &quot;json_schema&quot; needs a &quot;name&quot;.</source>
        <translation>Response format: &quot;json_schema&quot; needs a &quot;name&quot;.</translation>
    </message>
    <message>
        <source>Response format: &quot;json_schema&quot; needs a &quot;schema&quot; object.</source>
        <translation>Response format: &quot;json_schema&quot; needs a &quot;schema&quot; object.</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>Precise</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>Creative</translation>
    </message>
    <message>
        <source>Translator</source>
        <translation>Translator</translation>
    </message>
    <message>
        <source>You are a translator. Translate the user&apos;s text between Chinese and English, keeping its meaning, tone and formatting. Reply with the translation only.</source>
        <translation>You are a translator. Translate the user&apos;s text between Chinese and English, keeping its meaning, tone and formatting. Reply with the translation only.</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>&amp;System prompt:</source>
        <translation>&amp;System prompt:</translation>
    </message>
    <message>
        <source>How the model should behave in this conversation</source>
        <translation>How the model should behave in this conversation</translation>
    </message>
    <message>
        <source>&amp;Extra body (JSON, merged into the request):</source>
        <translation>&amp;Extra body (JSON, merged into the request):</translation>
    </message>
    <message>
        <source>{&quot;some_gateway_field&quot;: true}</source>
        <translation>{&quot;some_gateway_field&quot;: true}</translation>
    </message>
    <message>
        <source>&amp;Reset All</source>
        <translation>&amp;Reset All</translation>
    </message>
    <message>
        <source>Every field back to the provider&apos;s default</source>
        <translation>Every field back to the provider&apos;s default</translation>
    </message>
    <message>
        <source>&amp;Preview Request…</source>
        <translation>&amp;Preview Request…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Default: the provider&apos;s value, if it has one. Set: this conversation&apos;s. Not sent: the server decides.</source>
        <translation>Default: the provider&apos;s value, if it has one. Set: this conversation&apos;s. Not sent: the server decides.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>One per line</translation>
    </message>
    <message>
        <source>Extra body: %1</source>
        <translation>Extra body: %1</translation>
    </message>
    <message>
        <source>server&apos;s default</source>
        <translation>server&apos;s default</translation>
    </message>
    <message>
        <source>Pre&amp;sets</source>
        <translation>Pre&amp;sets</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>Save as Preset…</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>Save as Preset</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>Name of the preset:</translation>
    </message>
    <message>
        <source>Make These the Provider&apos;s Defaults</source>
        <translation>Make These the Provider&apos;s Defaults</translation>
    </message>
    <message>
        <source>%1: enter a number, or choose Default.</source>
        <translation>%1: enter a number, or choose Default.</translation>
    </message>
    <message>
        <source>&amp;Images from the last N questions:</source>
        <translation>&amp;Images from the last N questions:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Only the images of the last N questions are sent, the one being asked always among them. Older images are left out of the request (their messages&apos; text is still sent): this saves tokens and keeps a long conversation with screenshots from failing as too large (HTTP 413). All: every image.</source>
        <translation>Only the images of the last N questions are sent, the one being asked always among them. Older images are left out of the request (their messages&apos; text is still sent): this saves tokens and keeps a long conversation with screenshots from failing as too large (HTTP 413). All: every image.</translation>
    </message>
</context>
<context>
    <name>ProviderProfile</name>
    <message>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <source>DeepSeek</source>
        <translation>DeepSeek</translation>
    </message>
    <message>
        <source>OpenAI-compatible gateway</source>
        <translation>OpenAI-compatible gateway</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>llama.cpp / vLLM server</source>
        <translation>llama.cpp / vLLM server</translation>
    </message>
</context>
<context>
    <name>ProviderRegistry</name>
    <message>
        <source>Environment (%1)</source>
        <translation>Environment (%1)</translation>
    </message>
</context>
<context>
    <name>ProvidersDialog</name>
    <message>
        <source>Providers</source>
        <translation>Providers</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Base URL:</translation>
    </message>
    <message>
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API &amp;key:</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Headers:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Add a header</source>
        <translation>Add a header</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Remove the selected header</source>
        <translation>Remove the selected header</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy:</translation>
    </message>
    <message>
        <source>socks5://user@host:1080</source>
        <translation>socks5://user@host:1080</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Timeouts:</source>
        <translation>&amp;Timeouts:</translation>
    </message>
    <message>
        <source>How long to wait for the server to accept the connection</source>
        <translation>How long to wait for the server to accept the connection</translation>
    </message>
    <message>
        <source>How long a reply may stay silent before it is given up; thinking models can be silent for minutes</source>
        <translation>How long a reply may stay silent before it is given up; thinking models can be silent for minutes</translation>
    </message>
    <message>
        <source>&amp;Usage in streams:</source>
        <translation>&amp;Usage in streams:</translation>
    </message>
    <message>
        <source>Whether streamed requests ask for token counts (stream_options.include_usage); automatic leaves it out for a server that refused it</source>
        <translation>Whether streamed requests ask for token counts (stream_options.include_usage); automatic leaves it out for a server that refused it</translation>
    </message>
    <message>
        <source>Send reasoning text back with the history</source>
        <translation>Send reasoning text back with the history</translation>
    </message>
    <message>
        <source>Most servers ignore it or refuse it; some thinking models need it with tool calls</source>
        <translation>Most servers ignore it or refuse it; some thinking models need it with tool calls</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>&amp;Test Connection</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>Filter models</translation>
    </message>
    <message>
        <source>&amp;Fetch Models</source>
        <translation>&amp;Fetch Models</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>A model id the list does not show</source>
        <translation>A model id the list does not show</translation>
    </message>
    <message>
        <source>Add &amp;Model</source>
        <translation>Add &amp;Model</translation>
    </message>
    <message>
        <source>&amp;Default model:</source>
        <translation>&amp;Default model:</translation>
    </message>
    <message>
        <source>System keychain</source>
        <translation>System keychain</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>Environment variable</translation>
    </message>
    <message>
        <source>Settings file (not encrypted)</source>
        <translation>Settings file (not encrypted)</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>No key</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>System proxy</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>This proxy:</translation>
    </message>
    <message>
        <source>Automatic (ask, unless the server refused)</source>
        <translation>Automatic (ask, unless the server refused)</translation>
    </message>
    <message>
        <source>Always ask</source>
        <translation>Always ask</translation>
    </message>
    <message>
        <source>Never ask</source>
        <translation>Never ask</translation>
    </message>
    <message>
        <source> s to connect</source>
        <translation> s to connect</translation>
    </message>
    <message>
        <source> s of silence</source>
        <translation> s of silence</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copy)</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unnamed)</translation>
    </message>
    <message>
        <source>Requests go to %1</source>
        <translation>Requests go to %1</translation>
    </message>
    <message>
        <source>This is not a URL Confab can use.</source>
        <translation>This is not a URL Confab can use.</translation>
    </message>
    <message>
        <source>The variable&apos;s name, e.g. DEEPSEEK_API_KEY</source>
        <translation>The variable&apos;s name, e.g. DEEPSEEK_API_KEY</translation>
    </message>
    <message>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s base URL first.</source>
        <translation>Enter the provider&apos;s base URL first.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Fetching the models…</source>
        <translation>Fetching the models…</translation>
    </message>
    <message numerus="yes">
        <source>Connected: the server lists %n model(s).</source>
        <translation>
            <numerusform>Connected: the server lists %n model.</numerusform>
            <numerusform>Connected: the server lists %n models.</numerusform>
        </translation>
    </message>
    <message>
        <source>The proxy is not a URL Confab can use, e.g. socks5://user@host:1080 or http://host:3128.</source>
        <translation>The proxy is not a URL Confab can use, e.g. socks5://user@host:1080 or http://host:3128.</translation>
    </message>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>The key could not be kept: %1</source>
        <translation>The key could not be kept: %1</translation>
    </message>
    <message>
        <source>Where should the key be kept?</source>
        <translation>Where should the key be kept?</translation>
    </message>
    <message>
        <source>The key for “%1” cannot go to the system keychain: %2</source>
        <translation>The key for “%1” cannot go to the system keychain: %2</translation>
    </message>
    <message>
        <source>Confab can keep it in its settings file, unencrypted: anyone who can read your files can read it. Or it can read the key from an environment variable you set yourself.</source>
        <translation>Confab can keep it in its settings file, unencrypted: anyone who can read your files can read it. Or it can read the key from an environment variable you set yourself.</translation>
    </message>
    <message>
        <source>Keep in Settings File</source>
        <translation>Keep in Settings File</translation>
    </message>
    <message>
        <source>Use an Environment Variable…</source>
        <translation>Use an Environment Variable…</translation>
    </message>
    <message>
        <source>Do Not Keep It</source>
        <translation>Do Not Keep It</translation>
    </message>
    <message>
        <source>Environment Variable</source>
        <translation>Environment Variable</translation>
    </message>
    <message>
        <source>The variable that holds the key:</source>
        <translation>The variable that holds the key:</translation>
    </message>
    <message>
        <source>The proxy password for %1 could not be kept: %2

It is used until Confab quits. Choose &quot;Settings file&quot; for the key in Settings ▸ Providers to keep it there.</source>
        <translation>The proxy password for %1 could not be kept: %2

It is used until Confab quits. Choose &quot;Settings file&quot; for the key in Settings ▸ Providers to keep it there.</translation>
    </message>
</context>
<context>
    <name>ProxyConfig</name>
    <message>
        <source>&quot;%1&quot; is not a proxy URL; use http://host:port or socks5://host:port</source>
        <translation>&quot;%1&quot; is not a proxy URL; use http://host:port or socks5://host:port</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>No keychain service answers on this computer (%1).</source>
        <translation>No keychain service answers on this computer (%1).</translation>
    </message>
    <message>
        <source>The keychain refused: %1</source>
        <translation>The keychain refused: %1</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>The keychain failed: %1</translation>
    </message>
</context>
<context>
    <name>confab-cli</name>
    <message>
        <source>confab-cli: %1
Try &apos;confab-cli --help&apos; for more information.</source>
        <translation>confab-cli: %1
Try &apos;confab-cli --help&apos; for more information.</translation>
    </message>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A desktop chat client for OpenAI-compatible APIs.</source>
        <translation>A desktop chat client for OpenAI-compatible APIs.</translation>
    </message>
    <message>
        <source>Keep conversations and settings in DIR (a portable profile).</source>
        <translation>Keep conversations and settings in DIR (a portable profile).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Open the conversation with this ID.</source>
        <translation>Open the conversation with this ID.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Talk to a demo model on this computer: no key, no network. Ask for something long to see a long reply.</source>
        <translation>Talk to a demo model on this computer: no key, no network. Ask for something long to see a long reply.</translation>
    </message>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>Confab cannot open its conversation database.

%1</source>
        <translation>Confab cannot open its conversation database.

%1</translation>
    </message>
    <message>
        <source>The conversation database was damaged and could not be read. It was moved to %1 so that nothing in it is lost, and a new one was started.</source>
        <translation>The conversation database was damaged and could not be read. It was moved to %1 so that nothing in it is lost, and a new one was started.</translation>
    </message>
    <message>
        <source>The demo server could not start.</source>
        <translation>The demo server could not start.</translation>
    </message>
    <message>
        <source>There is no conversation %1.</source>
        <translation>There is no conversation %1.</translation>
    </message>
</context>
</TS>
