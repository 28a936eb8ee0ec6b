<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The server&apos;s own error message, then Confab&apos;s explanation in parentheses.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>HTTP %1: the API key was rejected; check the key set for this provider</source>
        <translation>HTTP %1：API 密钥被拒绝，请检查此服务商设置的密钥</translation>
    </message>
    <message>
        <source>HTTP 402: payment required; check the account&apos;s balance</source>
        <translation>HTTP 402：需要付费，请检查账户余额</translation>
    </message>
    <message>
        <source>HTTP %1: access denied by the server</source>
        <translation>HTTP %1：服务器拒绝访问</translation>
    </message>
    <message>
        <source>HTTP %1: not found; check the base URL and the model name</source>
        <translation>HTTP %1：未找到，请检查基础 URL 和模型名称</translation>
    </message>
    <message>
        <source>HTTP %1: rate limited; wait a moment and try again</source>
        <translation>HTTP %1：请求过于频繁，请稍候再试</translation>
    </message>
    <message>
        <source>HTTP %1: the request is too large for the server; send smaller images or less history</source>
        <translation>HTTP %1：请求超出服务器允许的大小，请发送更小的图片或更少的历史消息</translation>
    </message>
    <message>
        <source>HTTP %1: the server timed out</source>
        <translation>HTTP %1：服务器超时</translation>
    </message>
    <message>
        <source>HTTP %1: the server rejected the request</source>
        <translation>HTTP %1：服务器拒绝了该请求</translation>
    </message>
    <message>
        <source>HTTP %1: the server had an error; try again later</source>
        <translation>HTTP %1：服务器出错，请稍后再试</translation>
    </message>
    <message>
        <source>HTTP %1: the server sent an unexpected reply</source>
        <translation>HTTP %1：服务器返回了意外的回复</translation>
    </message>
    <message>
        <source>the gateway reported error %1</source>
        <translation>网关报告错误 %1</translation>
    </message>
    <message>
        <source>the server reported an error during the reply</source>
        <translation>服务器在回复过程中报告了错误</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>服务器报告了错误</translation>
    </message>
    <message>
        <source>No valid base URL is set for this provider</source>
        <translation>此服务商没有设置有效的基础 URL</translation>
    </message>
    <message>
        <source>The server&apos;s reply is larger than %1 MiB</source>
        <translation>服务器的回复超过 %1 MiB</translation>
    </message>
    <message>
        <source>A line of the event stream is longer than %1 MiB; the reply was stopped</source>
        <translation>事件流中有一行超过 %1 MiB，回复已停止</translation>
    </message>
    <message>
        <source>The server&apos;s reply is not an event stream: %1</source>
        <translation>服务器的回复不是事件流：%1</translation>
    </message>
    <message>
        <source>HTTP %1: the server&apos;s reply is neither JSON nor an event stream</source>
        <translation>HTTP %1：服务器的回复既不是 JSON 也不是事件流</translation>
    </message>
    <message>
        <source>HTTP %1: the server sent an empty reply</source>
        <translation>HTTP %1：服务器返回了空回复</translation>
    </message>
    <message>
        <source>HTTP %1: the model list is not in a known format</source>
        <translation>HTTP %1：模型列表的格式无法识别</translation>
    </message>
    <message>
        <source>Could not find the server %1 (DNS lookup failed); check the base URL and your connection</source>
        <translation>找不到服务器 %1（DNS 解析失败），请检查基础 URL 和网络连接</translation>
    </message>
    <message>
        <source>The server %1 refused the connection; is it running, and is the port right?</source>
        <translation>服务器 %1 拒绝连接：它是否在运行？端口是否正确？</translation>
    </message>
    <message>
        <source>The server %1 closed the connection unexpectedly</source>
        <translation>服务器 %1 意外关闭了连接</translation>
    </message>
    <message>
        <source>The connection to %1 timed out</source>
        <translation>连接 %1 超时</translation>
    </message>
    <message>
        <source>The secure (TLS) connection to %1 failed: %2</source>
        <translation>与 %1 的安全（TLS）连接失败：%2</translation>
    </message>
    <message>
        <source>The network is unavailable</source>
        <translation>网络不可用</translation>
    </message>
    <message>
        <source>The proxy could not be reached: %1</source>
        <translation>无法连接代理：%1</translation>
    </message>
    <message>
        <source>The proxy rejected its credentials</source>
        <translation>代理拒绝了凭据</translation>
    </message>
    <message>
        <source>Network error talking to %1: %2</source>
        <translation>与 %1 通信时出现网络错误：%2</translation>
    </message>
    <message>
        <source>Could not connect to %1 within %2 s</source>
        <translation>无法在 %2 秒内连接到 %1</translation>
    </message>
    <message>
        <source>The server sent nothing for %1 s, so the reply was stopped; thinking models may need a longer inactivity timeout</source>
        <translation>服务器已 %1 秒没有发送任何内容，回复已停止；思考型模型可能需要更长的无响应超时</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>The connection closed before the reply was complete; the text received so far is kept</source>
        <translation>回复完成前连接已关闭；已收到的文字会保留</translation>
    </message>
    <message>
        <source>the server&apos;s reply contains no answer (no &quot;choices&quot;)</source>
        <translation>服务器的回复中没有答案（缺少 &quot;choices&quot;）</translation>
    </message>
    <message>
        <source>the server sent malformed JSON: %1</source>
        <translation>服务器发送了格式错误的 JSON：%1</translation>
    </message>
    <message>
        <source>Could not connect through the proxy %1: %2</source>
        <translation>无法通过代理 %1 连接：%2</translation>
    </message>
    <message>
        <source>the server ended the stream without any answer</source>
        <translation>服务器结束了流，但没有给出任何回答</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <source>This image is no longer stored; remove it and attach it again.</source>
        <translation>此图片已不在存储中；请移除后重新附加。</translation>
    </message>
</context>
<context>
    <name>AttachmentTile</name>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Detail: how closely the model looks at the image. Low costs fewer tokens; Auto lets the server decide.</source>
        <translation>细节：模型查看图片的精细程度。“低”消耗的 token 更少；“自动”由服务器决定。</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>细节</translation>
    </message>
    <message>
        <source>Remove this image</source>
        <translation>移除此图片</translation>
    </message>
    <message>
        <source>Web image</source>
        <translation>网络图片</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>%1
Sent as a link: the server fetches it.</source>
        <translation>%1
以链接发送：由服务器自行获取。</translation>
    </message>
    <message>
        <source>%1 × %2 · %3</source>
        <translation>%1 × %2 · %3</translation>
    </message>
    <message>
        <source>Scaled down from %1 × %2</source>
        <translation>已从 %1 × %2 缩小</translation>
    </message>
</context>
<context>
    <name>ChatsCommand</name>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli：%1</translation>
    </message>
    <message>
        <source>confab-cli: the conversation database was damaged and was moved to %1; a new one was started</source>
        <translation>confab-cli：对话数据库已损坏，已被移到 %1；已新建一个数据库</translation>
    </message>
    <message>
        <source>chats list takes no arguments</source>
        <translation>chats list 不接受参数</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>chats show needs one conversation ID</source>
        <translation>chats show 需要一个对话 ID</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>没有编号为 %1 的对话</translation>
    </message>
    <message>
        <source>chats search needs a query</source>
        <translation>chats search 需要搜索内容</translation>
    </message>
    <message>
        <source>chats delete needs one conversation ID</source>
        <translation>chats delete 需要一个对话 ID</translation>
    </message>
    <message>
        <source>chats export --all writes one JSON file: give it with -o FILE</source>
        <translation>chats export --all 会写入一个 JSON 文件：请用 -o FILE 指定</translation>
    </message>
    <message>
        <source>chats export needs one conversation ID, or --all</source>
        <translation>chats export 需要一个对话 ID，或使用 --all</translation>
    </message>
    <message>
        <source>--format expects md or json, not &quot;%1&quot;</source>
        <translation>--format 只接受 md 或 json，而不是“%1”</translation>
    </message>
    <message>
        <source>chats import needs one file</source>
        <translation>chats import 需要一个文件</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s)</source>
        <translation>
            <numerusform>已导入 %n 个对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown chats action &quot;%1&quot;; use list, show, search, delete, export or import</source>
        <translation>未知的 chats 操作“%1”；请使用 list、show、search、delete、export 或 import</translation>
    </message>
</context>
<context>
    <name>CliOptions</name>
    <message>
        <source>--%1 expects a number, not &quot;%2&quot;</source>
        <translation>--%1 需要一个数字，而不是“%2”</translation>
    </message>
    <message>
        <source>--%1 expects a whole number, not &quot;%2&quot;</source>
        <translation>--%1 需要一个整数，而不是“%2”</translation>
    </message>
    <message>
        <source>--%1 must be at least %2</source>
        <translation>--%1 至少为 %2</translation>
    </message>
    <message>
        <source>--%1 expects true or false, not &quot;%2&quot;</source>
        <translation>--%1 需要 true 或 false，而不是“%2”</translation>
    </message>
    <message>
        <source>--%1 is not valid JSON: %2</source>
        <translation>--%1 不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>--%1 expects a JSON object ({...})</source>
        <translation>--%1 需要一个 JSON 对象（{...}）</translation>
    </message>
    <message>
        <source>--header expects &quot;Name: value&quot;, not &quot;%1&quot;</source>
        <translation>--header 需要“名称: 值”的形式，而不是“%1”</translation>
    </message>
    <message>
        <source>Sends one prompt to an OpenAI-compatible chat completions API and prints the reply as it arrives, or lists the server&apos;s models.</source>
        <translation>向兼容 OpenAI 的 chat completions API 发送一条提示并边接收边打印回复，或列出服务器上的模型。</translation>
    </message>
    <message>
        <source>The message to send; &quot;-&quot; reads it from standard input. The word &quot;models&quot; lists the models instead.</source>
        <translation>要发送的消息；“-”表示从标准输入读取。单词“models”表示改为列出模型。</translation>
    </message>
    <message>
        <source>Shows this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Shows the version.</source>
        <translation>显示版本。</translation>
    </message>
    <message>
        <source>The API base, such as https://api.openai.com/v1 (default: $CONFAB_BASE_URL, else $OPENAI_BASE_URL).</source>
        <translation>API 基础地址，例如 https://api.openai.com/v1（默认：$CONFAB_BASE_URL，其次 $OPENAI_BASE_URL）。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The model to ask (default: $CONFAB_MODEL).</source>
        <translation>要询问的模型（默认：$CONFAB_MODEL）。</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Takes the API key from this environment variable (default: $CONFAB_API_KEY, else $OPENAI_API_KEY). There is no option for the key itself, so it never shows in process lists or shell history.</source>
        <translation>从此环境变量读取 API 密钥（默认：$CONFAB_API_KEY，其次 $OPENAI_API_KEY）。没有直接传入密钥的选项，因此密钥不会出现在进程列表或 shell 历史中。</translation>
    </message>
    <message>
        <source>VAR</source>
        <translation>VAR</translation>
    </message>
    <message>
        <source>A system message sent before the prompt.</source>
        <translation>在提示之前发送的系统消息。</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>Attaches an image file (scaled down to --max-image-side) or an http(s) URL; repeatable.</source>
        <translation>附加一个图片文件（缩小到 --max-image-side 以内）或 http(s) 网址；可重复使用。</translation>
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
        <translation>设置 temperature。</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Sets top_p.</source>
        <translation>设置 top_p。</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Sets max_tokens.</source>
        <translation>设置 max_tokens。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Sets max_completion_tokens.</source>
        <translation>设置 max_completion_tokens。</translation>
    </message>
    <message>
        <source>Asks for N choices (-n or --n); each is printed at the end under a &quot;--- choice N ---&quot; header.</source>
        <translation>请求 N 个候选回复（-n 或 --n）；每个都在最后打印，标题为“--- choice N ---”。</translation>
    </message>
    <message>
        <source>A stop sequence; repeatable.</source>
        <translation>停止序列；可重复使用。</translation>
    </message>
    <message>
        <source>Sets seed.</source>
        <translation>设置 seed。</translation>
    </message>
    <message>
        <source>Sets presence_penalty.</source>
        <translation>设置 presence_penalty。</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Sets frequency_penalty.</source>
        <translation>设置 frequency_penalty。</translation>
    </message>
    <message>
        <source>Sets reasoning_effort (low, medium, high, ... as the model knows them).</source>
        <translation>设置 reasoning_effort（low、medium、high 等，以模型支持的为准）。</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>LEVEL</translation>
    </message>
    <message>
        <source>Sets enable_thinking to true or false (Qwen and similar servers).</source>
        <translation>将 enable_thinking 设为 true 或 false（Qwen 等服务器）。</translation>
    </message>
    <message>
        <source>BOOL</source>
        <translation>BOOL</translation>
    </message>
    <message>
        <source>Sets response_format: text, json_object or json_schema.</source>
        <translation>设置 response_format：text、json_object 或 json_schema。</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>The schema for json_schema: a JSON Schema, or a whole {&quot;name&quot;, &quot;schema&quot;, &quot;strict&quot;} object; implies --response-format json_schema.</source>
        <translation>json_schema 使用的 schema：一个 JSON Schema，或完整的 {&quot;name&quot;, &quot;schema&quot;, &quot;strict&quot;} 对象；隐含 --response-format json_schema。</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>A JSON object merged into the request body last, so its fields win; repeatable.</source>
        <translation>最后合并到请求体中的 JSON 对象，其字段优先；可重复使用。</translation>
    </message>
    <message>
        <source>Sends an HTTP header; repeatable.</source>
        <translation>发送一个 HTTP 请求头；可重复使用。</translation>
    </message>
    <message>
        <source>&apos;NAME: VALUE&apos;</source>
        <translation>&apos;NAME: VALUE&apos;</translation>
    </message>
    <message>
        <source>Asks for the whole reply at once instead of a stream.</source>
        <translation>一次性获取完整回复，而不是流式接收。</translation>
    </message>
    <message>
        <source>Prints nothing while the reply arrives, then one JSON object with the result or the error.</source>
        <translation>接收期间不打印任何内容，结束时打印一个包含结果或错误的 JSON 对象。</translation>
    </message>
    <message>
        <source>Prints the model&apos;s reasoning to standard error.</source>
        <translation>将模型的思考过程打印到标准错误。</translation>
    </message>
    <message>
        <source>http://host:port, socks5://host:port, &quot;none&quot;, or &quot;system&quot; (the default).</source>
        <translation>http://主机:端口、socks5://主机:端口、“none”或“system”（默认）。</translation>
    </message>
    <message>
        <source>Gives up when the server sends nothing for this many seconds; 0 waits forever (default: 300).</source>
        <translation>服务器连续这么多秒没有发送任何内容时放弃；0 表示一直等待（默认：300）。</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Writes the request and the raw response, API key removed, to FILE as JSON.</source>
        <translation>将请求和原始回复（已移除 API 密钥）以 JSON 格式写入 FILE。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>No prompt given; pass it as one argument, or &quot;-&quot; to read standard input</source>
        <translation>没有提供提示；请作为一个参数传入，或用“-”从标准输入读取</translation>
    </message>
    <message numerus="yes">
        <source>Expected one prompt but got %n arguments; put the prompt in quotes</source>
        <translation>
            <numerusform>需要一个提示，但收到了 %n 个参数；请把提示放在引号里</numerusform>
        </translation>
    </message>
    <message>
        <source>No base URL; use --base-url or set CONFAB_BASE_URL</source>
        <translation>没有基础 URL；请使用 --base-url 或设置 CONFAB_BASE_URL</translation>
    </message>
    <message>
        <source>The environment variable %1 named by --api-key-env is not set</source>
        <translation>--api-key-env 指定的环境变量 %1 未设置</translation>
    </message>
    <message>
        <source>--timeout cannot be negative</source>
        <translation>--timeout 不能为负数</translation>
    </message>
    <message>
        <source>--trace records chat requests, not the model list</source>
        <translation>--trace 只记录聊天请求，不记录模型列表</translation>
    </message>
    <message>
        <source>No model; use --model or set CONFAB_MODEL</source>
        <translation>没有模型；请使用 --model 或设置 CONFAB_MODEL</translation>
    </message>
    <message>
        <source>--response-format expects text, json_object or json_schema, not &quot;%1&quot;</source>
        <translation>--response-format 只接受 text、json_object 或 json_schema，而不是“%1”</translation>
    </message>
    <message>
        <source>--json-schema needs --response-format json_schema</source>
        <translation>--json-schema 需要配合 --response-format json_schema</translation>
    </message>
    <message>
        <source>--response-format json_schema needs the schema in --json-schema</source>
        <translation>--response-format json_schema 需要在 --json-schema 中提供 schema</translation>
    </message>
    <message>
        <source>Cannot read the prompt from standard input</source>
        <translation>无法从标准输入读取提示</translation>
    </message>
    <message>
        <source>The prompt is empty</source>
        <translation>提示为空</translation>
    </message>
    <message>
        <source>--%1 expects a non-empty ID</source>
        <translation>--%1 需要一个非空的 ID</translation>
    </message>
    <message>
        <source>--%1 expects token ids as keys, not &quot;%2&quot;</source>
        <translation>--%1 的键必须是 token ID，而不是“%2”</translation>
    </message>
    <message>
        <source>--%1 expects a number as the bias of token %2</source>
        <translation>--%1 中 token %2 的偏置必须是数字</translation>
    </message>
    <message>
        <source>--%1 expects a JSON array of tools ([{...}])</source>
        <translation>--%1 需要一个工具的 JSON 数组（[{...}]）</translation>
    </message>
    <message>
        <source>--%1: tool %2 needs a &quot;type&quot;, and a function needs a name</source>
        <translation>--%1：工具 %2 需要 &quot;type&quot;，函数还需要名称</translation>
    </message>
    <message>
        <source>--%1 expects none, auto, required or a JSON object, not &quot;%2&quot;</source>
        <translation>--%1 只接受 none、auto、required 或一个 JSON 对象，而不是“%2”</translation>
    </message>
    <message>
        <source>--%1 needs a &quot;type&quot;, and a function needs a name</source>
        <translation>--%1 需要 &quot;type&quot;，函数还需要名称</translation>
    </message>
    <message>
        <source>Sets logit_bias: a JSON object of token ids and biases, such as {&quot;50256&quot;: -100}.</source>
        <translation>设置 logit_bias：由 token ID 和偏置组成的 JSON 对象，例如 {&quot;50256&quot;: -100}。</translation>
    </message>
    <message>
        <source>Sets user, an ID for the end user.</source>
        <translation>设置 user，即最终用户的 ID。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Sets tools: a JSON array of tools, such as [{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {&quot;name&quot;: ...}}].</source>
        <translation>设置 tools：工具的 JSON 数组，例如 [{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {&quot;name&quot;: ...}}]。</translation>
    </message>
    <message>
        <source>Sets tool_choice: none, auto, required, or a JSON object naming one tool.</source>
        <translation>设置 tool_choice：none、auto、required，或指定某个工具的 JSON 对象。</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>VALUE</translation>
    </message>
    <message>
        <source>Sets parallel_tool_calls to true or false.</source>
        <translation>将 parallel_tool_calls 设为 true 或 false。</translation>
    </message>
    <message>
        <source>Sets web_search_options to this JSON object.</source>
        <translation>将 web_search_options 设为此 JSON 对象。</translation>
    </message>
    <message>
        <source>Sends this JSON object as the field extra_body; unlike --extra, its fields stay inside it.</source>
        <translation>将此 JSON 对象作为 extra_body 字段发送；与 --extra 不同，其字段保留在 extra_body 内。</translation>
    </message>
    <message numerus="yes">
        <source>--stop can be given at most %1 times, not %n</source>
        <translation>
            <numerusform>--stop 最多只能给出 %1 次，而不是 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>PROMPT | models | chats ACTION</source>
        <translation>PROMPT | models | chats ACTION</translation>
    </message>
    <message>
        <source>Keeps conversations in DIR (a portable profile) instead of the user&apos;s data folder.</source>
        <translation>将对话保存在 DIR 中（便携配置），而不是用户数据文件夹。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Stores the prompt and the reply as a new conversation, saved while the reply streams.</source>
        <translation>将提示和回复保存为新对话，回复在生成过程中就会保存。</translation>
    </message>
    <message>
        <source>Continues the stored conversation ID: its history is sent, and the exchange is added to it.</source>
        <translation>继续已保存的对话 ID：发送其历史记录，并把这次问答添加进去。</translation>
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
环境变量：
  CONFAB_API_KEY, OPENAI_API_KEY    API 密钥，除非 --api-key-env 指定了其他变量
  CONFAB_BASE_URL, OPENAI_BASE_URL  API 基础地址，除非给出了 --base-url
  CONFAB_MODEL                      模型，除非给出了 --model

退出状态：
  0    完整收到回复
  1    收到了回复，但无法写入 --trace 文件
  2    选项错误或缺失，或图片无法读取
  3    服务器拒绝了请求、返回了错误或无法理解的回复
  4    网络错误、超时或流被截断
  130  被 Ctrl-C 中断（SIGTERM 为 143）；已收到的内容会被打印

示例：
  export CONFAB_BASE_URL=https://api.openai.com/v1 CONFAB_API_KEY=sk-...
  confab-cli --model gpt-4o-mini &quot;天空为什么是蓝色的？&quot;
  git diff | confab-cli --model gpt-4o-mini --system &quot;审查这个 diff&quot; -
  confab-cli --model gpt-4o --image photo.jpg &quot;这张图片里有什么？&quot;
  confab-cli --model gpt-4o-mini --tool-choice required \
      --tools &apos;[{&quot;type&quot;:&quot;function&quot;,&quot;function&quot;:{&quot;name&quot;:&quot;get_time&quot;}}]&apos; &quot;现在几点？&quot;
  confab-cli models
  confab-cli --save &quot;规划一次杭州之行&quot;
  confab-cli chats list
  confab-cli chats search 杭州
</translation>
    </message>
    <message>
        <source>For chats export: md (Markdown) or json (Confab JSON, the default).</source>
        <translation>用于 chats export：md（Markdown）或 json（Confab JSON，默认）。</translation>
    </message>
    <message>
        <source>For chats export: the file to write (standard output when not given).</source>
        <translation>用于 chats export：要写入的文件（未指定时输出到标准输出）。</translation>
    </message>
    <message>
        <source>For chats export: every conversation, into one JSON file.</source>
        <translation>用于 chats export：把所有对话写入一个 JSON 文件。</translation>
    </message>
    <message>
        <source>chats needs an action: list, show ID, search QUERY, delete ID, export ID, export --all -o FILE or import FILE</source>
        <translation>chats 需要一个操作：list、show ID、search QUERY、delete ID、export ID、export --all -o FILE 或 import FILE</translation>
    </message>
    <message>
        <source>Scales images whose longest side is larger down to this many pixels; 0 keeps their size (default: %1).</source>
        <translation>将最长边超过此像素数的图片缩小到该大小；0 表示保持原尺寸（默认：%1）。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>CliRunner</name>
    <message>
        <source>--- choice %1 ---</source>
        <translation>--- 候选 %1 ---</translation>
    </message>
    <message>
        <source>[tool call] %1(%2)</source>
        <translation>[工具调用] %1(%2)</translation>
    </message>
    <message>
        <source>confab-cli: choice %1 stopped at the token limit</source>
        <translation>confab-cli：候选 %1 在达到 token 上限时停止</translation>
    </message>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli：%1</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>confab-cli: cannot write the trace to %1: %2</source>
        <translation>confab-cli：无法将跟踪写入 %1：%2</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>没有编号为 %1 的对话</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask anything (Enter sends, Shift+Enter starts a new line)</source>
        <translation>随便问（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Ask anything (Shift+Enter sends, Enter starts a new line)</source>
        <translation>随便问（Shift+Enter 发送，Enter 换行）</translation>
    </message>
</context>
<context>
    <name>ComposerImages</name>
    <message numerus="yes">
        <source>A question can carry at most %n image(s).</source>
        <translation>
            <numerusform>一个问题最多可附带 %n 张图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Image Size</source>
        <translation>图片尺寸(&amp;I)</translation>
    </message>
    <message>
        <source>Longest Side %1 px</source>
        <translation>最长边 %1 像素</translation>
    </message>
    <message>
        <source>Original Size</source>
        <translation>原始尺寸</translation>
    </message>
    <message>
        <source>Images per &amp;Question…</source>
        <translation>每个问题的图片数(&amp;Q)…</translation>
    </message>
    <message>
        <source>Images per Question</source>
        <translation>每个问题的图片数</translation>
    </message>
    <message>
        <source>How many images one question may carry:</source>
        <translation>一个问题最多可附带的图片数：</translation>
    </message>
    <message>
        <source>Attach Images</source>
        <translation>附加图片</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
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
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>更早</translation>
    </message>
</context>
<context>
    <name>ConversationExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>[An image that is no longer stored]</source>
        <translation>[一张已不再保存的图片]</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>助手（%1）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Developer</source>
        <translation>开发者</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Tool call:</source>
        <translation>工具调用：</translation>
    </message>
    <message>
        <source>Refused:</source>
        <translation>拒绝：</translation>
    </message>
    <message>
        <source>Still being written when exported.</source>
        <translation>导出时仍在生成中。</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>在结束前被停止。</translation>
    </message>
    <message>
        <source>Cut off: the reply ended early.</source>
        <translation>被截断：回复提前结束。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <source>Interrupted: Confab closed while this reply was written.</source>
        <translation>已中断：生成此回复时 Confab 被关闭。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Prompt tokens: %1</source>
        <translation>提示 token：%1</translation>
    </message>
    <message>
        <source>Completion tokens: %1</source>
        <translation>补全 token：%1</translation>
    </message>
    <message>
        <source>Reasoning tokens: %1</source>
        <translation>思考 token：%1</translation>
    </message>
    <message>
        <source>Cached tokens: %1</source>
        <translation>缓存 token：%1</translation>
    </message>
    <message>
        <source>Finish reason: %1</source>
        <translation>结束原因：%1</translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation>无标题对话</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示</translation>
    </message>
    <message>
        <source>Cannot read the conversation list: %1</source>
        <translation>无法读取对话列表：%1</translation>
    </message>
    <message>
        <source>Cannot read conversation %1: %2</source>
        <translation>无法读取对话 %1：%2</translation>
    </message>
</context>
<context>
    <name>ConversationImport</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>“%1” is not a string</source>
        <translation>“%1”不是字符串</translation>
    </message>
    <message>
        <source>“%1” is not a whole number</source>
        <translation>“%1”不是整数</translation>
    </message>
    <message>
        <source>“%1” is not a number</source>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <source>“%1” is not true or false</source>
        <translation>“%1”不是 true 或 false</translation>
    </message>
    <message>
        <source>“%1” is not an ISO 8601 date and time</source>
        <translation>“%1”不是 ISO 8601 日期时间</translation>
    </message>
    <message>
        <source>“%1” is not an object</source>
        <translation>“%1”不是对象</translation>
    </message>
    <message>
        <source>“%1” is not an array</source>
        <translation>“%1”不是数组</translation>
    </message>
    <message>
        <source>an image is not an object</source>
        <translation>某张图片不是对象</translation>
    </message>
    <message>
        <source>an image needs either a hash or a URL</source>
        <translation>图片需要哈希值或网址</translation>
    </message>
    <message>
        <source>the image detail “%1” is unknown</source>
        <translation>未知的图片精度“%1”</translation>
    </message>
    <message>
        <source>“parentId” is negative</source>
        <translation>“parentId”为负数</translation>
    </message>
    <message>
        <source>the role “%1” is unknown</source>
        <translation>未知的角色“%1”</translation>
    </message>
    <message>
        <source>the state “%1” is unknown</source>
        <translation>未知的状态“%1”</translation>
    </message>
    <message>
        <source>it is not a Confab conversation</source>
        <translation>它不是 Confab 对话</translation>
    </message>
    <message>
        <source>it was written by a newer version of Confab (format version %1)</source>
        <translation>它由更新版本的 Confab 写入（格式版本 %1）</translation>
    </message>
    <message>
        <source>it has no format version</source>
        <translation>它没有格式版本</translation>
    </message>
    <message>
        <source>message %1 is not an object</source>
        <translation>消息 %1 不是对象</translation>
    </message>
    <message>
        <source>message %1 has no valid “id”</source>
        <translation>消息 %1 没有有效的“id”</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1，消息 %2</translation>
    </message>
    <message>
        <source>the id is used twice</source>
        <translation>该 id 被重复使用</translation>
    </message>
    <message>
        <source>its parent %1 is not in the file</source>
        <translation>它的父消息 %1 不在文件中</translation>
    </message>
    <message>
        <source>its parents form a cycle</source>
        <translation>它的父消息形成了循环</translation>
    </message>
    <message>
        <source>%1, image %2</source>
        <translation>%1，图片 %2</translation>
    </message>
    <message>
        <source>it is not an object</source>
        <translation>它不是对象</translation>
    </message>
    <message>
        <source>“data” is not base64</source>
        <translation>“data”不是 base64</translation>
    </message>
    <message>
        <source>the bytes do not match the hash</source>
        <translation>字节与哈希值不符</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>[%1]</source>
        <translation>[%1]</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>it has no “mapping” of messages</source>
        <translation>它没有消息的“mapping”</translation>
    </message>
    <message>
        <source>%1, node %2</source>
        <translation>%1，节点 %2</translation>
    </message>
    <message>
        <source>its parent %1 is not in the mapping</source>
        <translation>它的父节点 %1 不在 mapping 中</translation>
    </message>
    <message>
        <source>its current node %1 is not in the mapping</source>
        <translation>它的当前节点 %1 不在 mapping 中</translation>
    </message>
    <message>
        <source>the message has no author role</source>
        <translation>该消息没有作者角色</translation>
    </message>
    <message>
        <source>it is not connected to a root: its parents form a cycle</source>
        <translation>它没有连接到根节点：其父节点形成了循环</translation>
    </message>
    <message>
        <source>line %1, column %2</source>
        <translation>第 %1 行第 %2 列</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported</source>
        <translation>导入已取消；没有导入任何内容</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at %3</source>
        <translation>%1 不是有效的 JSON：%2（位于%3）</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Confab (format version %2)</source>
        <translation>%1 由更新版本的 Confab 写入（格式版本 %2）</translation>
    </message>
    <message>
        <source>%1 cannot be imported: its “conversations” is not an array</source>
        <translation>无法导入 %1：其“conversations”不是数组</translation>
    </message>
    <message>
        <source>%1 is neither a Confab export nor a ChatGPT conversations.json</source>
        <translation>%1 既不是 Confab 导出文件，也不是 ChatGPT 的 conversations.json</translation>
    </message>
    <message>
        <source>conversation %1</source>
        <translation>对话 %1</translation>
    </message>
    <message>
        <source>conversation %1 (“%2”)</source>
        <translation>对话 %1（“%2”）</translation>
    </message>
    <message>
        <source>%1 cannot be imported: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <source>Nothing was imported from %1: %2</source>
        <translation>没有从 %1 导入任何内容：%2</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>ConversationSession</name>
    <message>
        <source>Could not read the older messages of this conversation.</source>
        <translation>无法读取这个对话中较早的消息。</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>请先选择模型。</translation>
    </message>
    <message>
        <source>Stop the reply, or wait for it to end, before deleting a message.</source>
        <translation>请先停止回复，或等待回复结束，再删除消息。</translation>
    </message>
    <message>
        <source>Set up a provider first: Settings ▸ Providers.</source>
        <translation>请先设置服务商：设置 ▸ 服务商。</translation>
    </message>
    <message>
        <source>The provider of this conversation was removed. Choose another one and retry.</source>
        <translation>此对话的服务商已被删除。请选择其他服务商后重试。</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat (%1)</source>
        <translation>新对话（%1）</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Conversation deleted</source>
        <translation>对话已删除</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>没有匹配结果</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>Could not save to the conversation database (%1): %2</source>
        <translation>无法保存到对话数据库（%1）：%2</translation>
    </message>
    <message>
        <source>Could not save the conversation: %1</source>
        <translation>无法保存对话：%1</translation>
    </message>
    <message>
        <source>Could not delete the conversation: %1</source>
        <translation>无法删除对话：%1</translation>
    </message>
    <message>
        <source>There is no conversation %1</source>
        <translation>没有编号为 %1 的对话</translation>
    </message>
    <message>
        <source>a new message</source>
        <translation>新消息</translation>
    </message>
    <message>
        <source>Could not save the message: %1</source>
        <translation>无法保存消息：%1</translation>
    </message>
    <message>
        <source>Could not save the image: %1</source>
        <translation>无法保存图片：%1</translation>
    </message>
    <message>
        <source>a streaming reply</source>
        <translation>正在生成的回复</translation>
    </message>
    <message>
        <source>a finished reply</source>
        <translation>已完成的回复</translation>
    </message>
    <message>
        <source>recovering replies</source>
        <translation>恢复回复</translation>
    </message>
    <message>
        <source>a new conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>the conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>deleting a conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>the message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>a bulk write</source>
        <translation>批量写入</translation>
    </message>
    <message>
        <source>Could not save the message: there is no message %1 in conversation %2</source>
        <translation>无法保存消息：对话 %2 中没有编号为 %1 的消息</translation>
    </message>
    <message>
        <source>the shown reply</source>
        <translation>显示的回复</translation>
    </message>
    <message>
        <source>deleting a message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Could not delete the message: %1</source>
        <translation>无法删除消息：%1</translation>
    </message>
    <message>
        <source>Could not delete the message: it is not in this conversation.</source>
        <translation>无法删除消息：它不在此对话中。</translation>
    </message>
    <message>
        <source>removing unused images</source>
        <translation>清理未使用的图片</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Database error: %1</source>
        <translation>数据库错误：%1</translation>
    </message>
    <message>
        <source>The conversation database %1 is damaged and could not be moved aside; Confab did not touch it.</source>
        <translation>对话数据库 %1 已损坏且无法移到一旁；Confab 没有改动它。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot open the conversation database %1: %2</source>
        <translation>无法打开对话数据库 %1：%2</translation>
    </message>
    <message>
        <source>The conversation database %1 is in use by another program; close it and try again</source>
        <translation>对话数据库 %1 正被其他程序使用；请关闭后重试</translation>
    </message>
    <message>
        <source>The conversation database %1 is damaged</source>
        <translation>对话数据库 %1 已损坏</translation>
    </message>
    <message>
        <source>Cannot read the conversation database %1: %2</source>
        <translation>无法读取对话数据库 %1：%2</translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Confab (schema %2; this version knows %3). Update Confab to open it; the file was not changed.</source>
        <translation>对话数据库 %1 由更新版本的 Confab 写入（结构版本 %2；此版本只认识 %3）。请更新 Confab 后再打开；该文件未被改动。</translation>
    </message>
    <message>
        <source>Cannot copy the conversation database before updating it: %1</source>
        <translation>更新对话数据库之前无法复制它：%1</translation>
    </message>
    <message>
        <source>Cannot update the conversation database: %1</source>
        <translation>无法更新对话数据库：%1</translation>
    </message>
    <message>
        <source>Cannot update the conversation database to schema %1: %2</source>
        <translation>无法将对话数据库更新到结构版本 %1：%2</translation>
    </message>
    <message>
        <source>The conversation database %1 is not ready to be read</source>
        <translation>对话数据库 %1 尚不能读取</translation>
    </message>
</context>
<context>
    <name>DemoServer</name>
    <message>
        <source>Demo (on this computer)</source>
        <translation>演示（本机）</translation>
    </message>
</context>
<context>
    <name>Endpoint</name>
    <message>
        <source>No base URL is set.</source>
        <translation>没有设置基础 URL。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// URL.</source>
        <translation>“%1”不是 http:// 或 https:// 网址。</translation>
    </message>
</context>
<context>
    <name>ImageEncoder</name>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>The file is too large: %1 MB (at most %2 MB).</source>
        <translation>文件太大：%1 MB（最多 %2 MB）。</translation>
    </message>
    <message>
        <source>This is not an image Confab can read.</source>
        <translation>这不是 Confab 能读取的图片。</translation>
    </message>
    <message>
        <source>This image is too large to open: %1 × %2 pixels would need %3 MB of memory, and the limit is %4 MB.</source>
        <translation>图片太大，无法打开：%1 × %2 像素需要 %3 MB 内存，而上限是 %4 MB。</translation>
    </message>
    <message>
        <source>The image is damaged or incomplete (%1).</source>
        <translation>图片已损坏或不完整（%1）。</translation>
    </message>
    <message>
        <source>The image could not be encoded.</source>
        <translation>无法编码此图片。</translation>
    </message>
    <message>
        <source>The image cannot be made smaller than %1 KB.</source>
        <translation>无法把图片压缩到 %1 KB 以下。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>the JPEG data ends early</source>
        <translation>JPEG 数据提前结束</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Open With System Viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <source>This attachment cannot be shown as an image.</source>
        <translation>此附件无法作为图片显示。</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Image As</source>
        <translation>图片另存为</translation>
    </message>
    <message>
        <source>Could not save “%1”: %2</source>
        <translation>无法保存“%1”：%2</translation>
    </message>
    <message>
        <source>No application is set up to open this kind of file.</source>
        <translation>没有设置用于打开此类文件的应用程序。</translation>
    </message>
    <message>
        <source>Could not open the image with the system viewer: %1</source>
        <translation>无法用系统查看器打开图片：%1</translation>
    </message>
    <message>
        <source>image</source>
        <comment>file name of a saved picture without a name</comment>
        <translation>图片</translation>
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
        <translation>发送</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>No provider</source>
        <translation>没有服务商</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>The conversation&apos;s title: click to rename it</source>
        <translation>对话标题：点击即可重命名</translation>
    </message>
    <message>
        <source>The model this conversation uses</source>
        <translation>这个对话使用的模型</translation>
    </message>
    <message>
        <source>Editing a question: sending makes a new branch. Esc cancels.</source>
        <translation>正在编辑问题：发送后会生成新的分支。按 Esc 取消。</translation>
    </message>
    <message>
        <source>&amp;Search Conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Not saved yet (%1). Confab keeps the text and tries again.</source>
        <translation>尚未保存（%1）。Confab 会保留文本并重试。</translation>
    </message>
    <message>
        <source>%1 – Confab</source>
        <translation>%1 – Confab</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>出了什么问题</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>HTTP 状态：%1</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>代码：%1</translation>
    </message>
    <message>
        <source>Request ID: %1</source>
        <translation>请求 ID：%1</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>响应：</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>The details of this failure were not kept (it happened in an earlier run).</source>
        <translation>这次失败的详细信息没有保留（它发生在之前的运行中）。</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>复制为 curl 命令</translation>
    </message>
    <message>
        <source>Could not change the conversation.</source>
        <translation>无法修改这个对话。</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Confab JSON (*.json)</source>
        <translation>Markdown (*.md);;Confab JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Delete this version and the messages that follow it?</source>
        <translation>删除此版本及其后的消息？</translation>
    </message>
    <message numerus="yes">
        <source>Delete this version and the %n message(s) that follow it? The other versions stay.</source>
        <translation>
            <numerusform>删除此版本及其后的 %n 条消息？其他版本会保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this version? The other versions stay.</source>
        <translation>删除此版本？其他版本会保留。</translation>
    </message>
    <message>
        <source>Delete this message? The messages after it stay in the conversation.</source>
        <translation>删除这条消息？其后的消息仍保留在对话中。</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Enter Sends the Message</source>
        <translation>按 Enter 发送消息(&amp;E)</translation>
    </message>
    <message>
        <source>When off, Enter starts a new line and Shift+Enter sends</source>
        <translation>关闭时，Enter 换行，Shift+Enter 发送</translation>
    </message>
    <message>
        <source>The provider this conversation talks to</source>
        <translation>此对话使用的服务商</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>服务商(&amp;P)…</translation>
    </message>
    <message>
        <source>The key for %1 could not be read: %2</source>
        <translation>无法读取 %1 的密钥：%2</translation>
    </message>
    <message>
        <source>Welcome to Confab</source>
        <translation>欢迎使用 Confab</translation>
    </message>
    <message>
        <source>Confab talks to any OpenAI-compatible service: OpenAI, DeepSeek, a gateway, or a model running on this computer (Ollama, LM Studio, llama.cpp).</source>
        <translation>Confab 可以连接任何兼容 OpenAI 的服务：OpenAI、DeepSeek、各类网关，或在本机运行的模型（Ollama、LM Studio、llama.cpp）。</translation>
    </message>
    <message>
        <source>Set up a provider to start, or try the demo model first: it needs no key and no network.</source>
        <translation>设置一个服务商即可开始，也可以先试试演示模型：无需密钥，也无需联网。</translation>
    </message>
    <message>
        <source>Set Up a Provider…</source>
        <translation>设置服务商…</translation>
    </message>
    <message>
        <source>Try the Demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>The demo server could not start.</source>
        <translation>演示服务器无法启动。</translation>
    </message>
    <message>
        <source>Conversation &amp;Parameters</source>
        <translation>对话参数(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>(the next question)</source>
        <translation>（下一个问题）</translation>
    </message>
    <message>
        <source>Set up a provider first: Settings ▸ Providers.</source>
        <translation>请先设置服务商：设置 ▸ 服务商。</translation>
    </message>
    <message>
        <source>The Next Request</source>
        <translation>下一个请求</translation>
    </message>
    <message>
        <source>This provider is not kept in the settings, so it keeps no defaults.</source>
        <translation>此服务商未保存在设置中，因此不能保存默认值。</translation>
    </message>
    <message>
        <source>New conversations with this provider start with these parameters.</source>
        <translation>此服务商的新对话将以这些参数开始。</translation>
    </message>
    <message>
        <source>Attach images (you can also drop or paste them)</source>
        <translation>附加图片（也可以拖放或粘贴）</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>附加图片</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>The images are still being prepared; send again in a moment.</source>
        <translation>图片仍在处理中，请稍后再发送。</translation>
    </message>
    <message>
        <source>This image is no longer stored.</source>
        <translation>此图片已不在存储中。</translation>
    </message>
    <message>
        <source>Send Images?</source>
        <translation>发送图片？</translation>
    </message>
    <message numerus="yes">
        <source>%1 is not marked as able to see images. The server may refuse the question or ignore the %n image(s).</source>
        <translation>
            <numerusform>%1 未标记为可识别图片。服务器可能拒绝这个问题，或忽略这 %n 张图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark the model for images in Settings ▸ Providers ▸ Models if it can see them.</source>
        <translation>如果该模型能识别图片，请在“设置 ▸ 服务商 ▸ 模型”中为它勾选图片能力。</translation>
    </message>
    <message>
        <source>Send Anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Images are now scaled to at most %1 px (Settings ▸ Image Size).</source>
        <translation>图片现在缩放到最长边不超过 %1 像素（设置 ▸ 图片尺寸）。</translation>
    </message>
    <message>
        <source>Do not ask again for this model until Confab restarts</source>
        <translation>在 Confab 重新启动前，不再为此模型询问</translation>
    </message>
</context>
<context>
    <name>MemorySecretStore</name>
    <message>
        <source>No keychain service answers on this computer.</source>
        <translation>本机没有可用的钥匙串服务。</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Jump to latest</source>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message numerus="yes">
        <source>Thought for %n s</source>
        <translation>
            <numerusform>思考了 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Stopped. The text so far is kept.</source>
        <translation>已停止。已收到的文本会保留。</translation>
    </message>
    <message>
        <source>The connection ended before the reply was complete. The text so far is kept.</source>
        <translation>回复完成前连接已断开。已收到的文本会保留。</translation>
    </message>
    <message>
        <source>Interrupted: Confab closed while this reply was arriving.</source>
        <translation>已中断：接收这条回复时 Confab 被关闭了。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation>输入 %1 · 输出 %2</translation>
    </message>
    <message>
        <source> (%1 reasoning)</source>
        <translation>（推理 %1）</translation>
    </message>
    <message>
        <source> · %1 cached</source>
        <translation> · 缓存 %1</translation>
    </message>
    <message>
        <source>first token %1 s</source>
        <translation>首个 token %1 秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>达到 token 上限而截断</translation>
    </message>
    <message>
        <source>finish: %1</source>
        <translation>结束原因：%1</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy Message as Markdown</source>
        <translation>以 Markdown 复制消息</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>The image from %1 could not be loaded</source>
        <translation>无法加载来自 %1 的图片</translation>
    </message>
    <message>
        <source>Loading the image from %1…</source>
        <translation>正在加载来自 %1 的图片…</translation>
    </message>
    <message>
        <source>Show the image from %1</source>
        <translation>显示来自 %1 的图片</translation>
    </message>
    <message>
        <source>This image could not be shown</source>
        <translation>无法显示此图片</translation>
    </message>
    <message>
        <source>Image not shown: %1</source>
        <translation>未显示图片：%1</translation>
    </message>
    <message>
        <source>Ask anything.</source>
        <translation>随便问。</translation>
    </message>
    <message>
        <source>This image is no longer stored</source>
        <translation>此图片已不在存储中</translation>
    </message>
    <message>
        <source>Loading the image…</source>
        <translation>正在加载图片…</translation>
    </message>
    <message>
        <source>Resend Images at %1 px</source>
        <translation>以 %1 像素重新发送图片</translation>
    </message>
</context>
<context>
    <name>Parameters</name>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>0 to 2. Higher values make the wording more varied, lower more focused.</source>
        <translation>0 到 2。数值越高措辞越多样，越低越集中。</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>0 to 1. Only the most likely words making up this share of probability are considered. Change this or temperature, not both.</source>
        <translation>0 到 1。只考虑累计概率占此比例的最可能的词。调整它或温度，不要两者都调。</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>The longest reply, in tokens. A reply cut there ends with &quot;length&quot;.</source>
        <translation>回复的最大长度（token）。在此截断的回复以“length”结束。</translation>
    </message>
    <message>
        <source>Max completion tokens</source>
        <translation>最大补全 token 数</translation>
    </message>
    <message>
        <source>As max tokens, counting reasoning tokens too; newer OpenAI models want this one.</source>
        <translation>同最大 token 数，但也计入推理 token；较新的 OpenAI 模型需要用这个。</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>-2 to 2. Positive values push the model towards new topics.</source>
        <translation>-2 到 2。正值促使模型谈论新话题。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>-2 to 2. Positive values make the model repeat itself less.</source>
        <translation>-2 到 2。正值让模型更少重复自己。</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <source>Up to 4, one per line. The reply ends before any of them.</source>
        <translation>最多 4 个，每行一个。回复在遇到任一序列前结束。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed and request give the same reply where the server supports it.</source>
        <translation>在服务器支持时，相同的种子和请求会得到相同的回复。</translation>
    </message>
    <message>
        <source>Candidates (n)</source>
        <translation>候选数（n）</translation>
    </message>
    <message>
        <source>1 to 8 replies to choose from.</source>
        <translation>生成 1 到 8 个回复供选择。</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流式输出</translation>
    </message>
    <message>
        <source>Show the reply as it is written. Off: it appears when complete.</source>
        <translation>边生成边显示回复。关闭时，回复完成后一次显示。</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>How long reasoning models think before they answer.</source>
        <translation>推理模型在回答前思考多久。</translation>
    </message>
    <message>
        <source>Enable thinking</source>
        <translation>启用思考</translation>
    </message>
    <message>
        <source>Qwen-style switch for the thinking of hybrid models.</source>
        <translation>Qwen 风格的开关，控制混合模型是否思考。</translation>
    </message>
    <message>
        <source>Response format</source>
        <translation>响应格式</translation>
    </message>
    <message>
        <source>{&quot;type&quot;: &quot;json_object&quot;}, or {&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {...}} for replies that follow a schema.</source>
        <translation>{&quot;type&quot;: &quot;json_object&quot;}，或 {&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {...}}，让回复遵循某个 schema。</translation>
    </message>
    <message>
        <source>Web search options</source>
        <translation>联网搜索选项</translation>
    </message>
    <message>
        <source>For models that search the web, e.g. {&quot;search_context_size&quot;: &quot;low&quot;}.</source>
        <translation>用于可联网搜索的模型，例如 {&quot;search_context_size&quot;: &quot;low&quot;}。</translation>
    </message>
    <message>
        <source>Logit bias</source>
        <translation>Logit 偏置</translation>
    </message>
    <message>
        <source>Token ids mapped to -100 to 100, e.g. {&quot;50256&quot;: -100}.</source>
        <translation>token ID 映射到 -100 到 100，例如 {&quot;50256&quot;: -100}。</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户标识</translation>
    </message>
    <message>
        <source>An id for the end user, which some services use against abuse.</source>
        <translation>终端用户的标识，部分服务用它来防止滥用。</translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1 必须是数字。</translation>
    </message>
    <message>
        <source>%1 must be a whole number.</source>
        <translation>%1 必须是整数。</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1 必须在 %2 到 %3 之间。</translation>
    </message>
    <message>
        <source>%1 must be on or off.</source>
        <translation>%1 必须是开或关。</translation>
    </message>
    <message>
        <source>%1 must be text.</source>
        <translation>%1 必须是文本。</translation>
    </message>
    <message>
        <source>%1: at most %2.</source>
        <translation>%1：最多 %2 个。</translation>
    </message>
    <message>
        <source>%1 must be one of: %2.</source>
        <translation>%1 必须是以下之一：%2。</translation>
    </message>
    <message>
        <source>%1 must be a JSON object.</source>
        <translation>%1 必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行第 %2 列：%3</translation>
    </message>
    <message>
        <source>This must be a JSON object: {...}</source>
        <translation>这里必须是 JSON 对象：{...}</translation>
    </message>
    <message>
        <source>Response format: &quot;type&quot; must be &quot;text&quot;, &quot;json_object&quot; or &quot;json_schema&quot;.</source>
        <translation>响应格式：&quot;type&quot; 必须是 &quot;text&quot;、&quot;json_object&quot; 或 &quot;json_schema&quot;。</translation>
    </message>
    <message>
        <source>Response format: &quot;json_schema&quot; needs a &quot;name&quot;.</source>
        <translation>响应格式：&quot;json_schema&quot; 需要 &quot;name&quot;。</translation>
    </message>
    <message>
        <source>Response format: &quot;json_schema&quot; needs a &quot;schema&quot; object.</source>
        <translation>响应格式：&quot;json_schema&quot; 需要一个 &quot;schema&quot; 对象。</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>Translator</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>You are a translator. Translate the user&apos;s text between Chinese and English, keeping its meaning, tone and formatting. Reply with the translation only.</source>
        <translation>你是一名翻译。请在中文和英文之间翻译用户的文字，保留原意、语气和格式。只回复译文。</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>How the model should behave in this conversation</source>
        <translation>模型在此对话中应如何表现</translation>
    </message>
    <message>
        <source>&amp;Extra body (JSON, merged into the request):</source>
        <translation>额外请求体(&amp;E)（JSON，合并进请求）：</translation>
    </message>
    <message>
        <source>{&quot;some_gateway_field&quot;: true}</source>
        <translation>{&quot;some_gateway_field&quot;: true}</translation>
    </message>
    <message>
        <source>&amp;Reset All</source>
        <translation>全部重置(&amp;R)</translation>
    </message>
    <message>
        <source>Every field back to the provider&apos;s default</source>
        <translation>所有字段恢复为服务商的默认值</translation>
    </message>
    <message>
        <source>&amp;Preview Request…</source>
        <translation>预览请求(&amp;P)…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>不发送</translation>
    </message>
    <message>
        <source>Default: the provider&apos;s value, if it has one. Set: this conversation&apos;s. Not sent: the server decides.</source>
        <translation>默认：使用服务商的值（如果有）。设置：使用此对话的值。不发送：由服务器决定。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>One per line</source>
        <translation>每行一个</translation>
    </message>
    <message>
        <source>Extra body: %1</source>
        <translation>额外请求体：%1</translation>
    </message>
    <message>
        <source>server&apos;s default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>Pre&amp;sets</source>
        <translation>预设(&amp;S)</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>另存为预设…</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>另存为预设</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Make These the Provider&apos;s Defaults</source>
        <translation>设为服务商的默认值</translation>
    </message>
    <message>
        <source>%1: enter a number, or choose Default.</source>
        <translation>%1：请输入数字，或选择“默认”。</translation>
    </message>
    <message>
        <source>&amp;Images from the last N questions:</source>
        <translation>最近 N 个问题的图片(&amp;I)：</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Only the images of the last N questions are sent, the one being asked always among them. Older images are left out of the request (their messages&apos; text is still sent): this saves tokens and keeps a long conversation with screenshots from failing as too large (HTTP 413). All: every image.</source>
        <translation>只发送最近 N 个问题的图片，正在提问的这个问题总在其中。更早的图片不放进请求（这些消息的文字仍会发送）：这样能节省 token，也能避免满是截图的长对话因请求过大（HTTP 413）而失败。“全部”：发送所有图片。</translation>
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
        <translation>兼容 OpenAI 的网关</translation>
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
        <translation>llama.cpp / vLLM 服务器</translation>
    </message>
</context>
<context>
    <name>ProviderRegistry</name>
    <message>
        <source>Environment (%1)</source>
        <translation>环境变量（%1）</translation>
    </message>
</context>
<context>
    <name>ProvidersDialog</name>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>接口地址(&amp;B)：</translation>
    </message>
    <message>
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>请求头(&amp;H)：</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Add a header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Remove the selected header</source>
        <translation>删除选中的请求头</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>socks5://user@host:1080</source>
        <translation>socks5://user@host:1080</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Timeouts:</source>
        <translation>超时(&amp;T)：</translation>
    </message>
    <message>
        <source>How long to wait for the server to accept the connection</source>
        <translation>等待服务器接受连接的时间</translation>
    </message>
    <message>
        <source>How long a reply may stay silent before it is given up; thinking models can be silent for minutes</source>
        <translation>回复可以沉默多久才放弃；思考模型可能沉默好几分钟</translation>
    </message>
    <message>
        <source>&amp;Usage in streams:</source>
        <translation>流式用量统计(&amp;U)：</translation>
    </message>
    <message>
        <source>Whether streamed requests ask for token counts (stream_options.include_usage); automatic leaves it out for a server that refused it</source>
        <translation>流式请求是否索取 token 用量（stream_options.include_usage）；自动模式下，若服务器拒绝则不再发送</translation>
    </message>
    <message>
        <source>Send reasoning text back with the history</source>
        <translation>随历史记录回传思考内容</translation>
    </message>
    <message>
        <source>Most servers ignore it or refuse it; some thinking models need it with tool calls</source>
        <translation>多数服务器会忽略或拒绝；部分思考模型在工具调用时需要它</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>&amp;Fetch Models</source>
        <translation>获取模型列表(&amp;F)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>A model id the list does not show</source>
        <translation>列表中没有的模型 ID</translation>
    </message>
    <message>
        <source>Add &amp;Model</source>
        <translation>添加模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Default model:</source>
        <translation>默认模型(&amp;D)：</translation>
    </message>
    <message>
        <source>System keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Settings file (not encrypted)</source>
        <translation>设置文件（未加密）</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>无需密钥</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>Automatic (ask, unless the server refused)</source>
        <translation>自动（索取，除非服务器拒绝）</translation>
    </message>
    <message>
        <source>Always ask</source>
        <translation>总是索取</translation>
    </message>
    <message>
        <source>Never ask</source>
        <translation>从不索取</translation>
    </message>
    <message>
        <source> s to connect</source>
        <translation> 秒连接</translation>
    </message>
    <message>
        <source> s of silence</source>
        <translation> 秒无响应</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Requests go to %1</source>
        <translation>请求将发往 %1</translation>
    </message>
    <message>
        <source>This is not a URL Confab can use.</source>
        <translation>这不是 Confab 能使用的地址。</translation>
    </message>
    <message>
        <source>The variable&apos;s name, e.g. DEEPSEEK_API_KEY</source>
        <translation>变量名，例如 DEEPSEEK_API_KEY</translation>
    </message>
    <message>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s base URL first.</source>
        <translation>请先填写服务商的接口地址。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Fetching the models…</source>
        <translation>正在获取模型列表…</translation>
    </message>
    <message numerus="yes">
        <source>Connected: the server lists %n model(s).</source>
        <translation>
            <numerusform>连接成功：服务器列出了 %n 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>The proxy is not a URL Confab can use, e.g. socks5://user@host:1080 or http://host:3128.</source>
        <translation>代理地址无法使用，应类似 socks5://user@host:1080 或 http://host:3128。</translation>
    </message>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>The key could not be kept: %1</source>
        <translation>无法保存密钥：%1</translation>
    </message>
    <message>
        <source>Where should the key be kept?</source>
        <translation>密钥保存在哪里？</translation>
    </message>
    <message>
        <source>The key for “%1” cannot go to the system keychain: %2</source>
        <translation>“%1”的密钥无法存入系统钥匙串：%2</translation>
    </message>
    <message>
        <source>Confab can keep it in its settings file, unencrypted: anyone who can read your files can read it. Or it can read the key from an environment variable you set yourself.</source>
        <translation>Confab 可以把它以明文保存在设置文件中：任何能读取你文件的人都能看到它。也可以从你自己设置的环境变量中读取密钥。</translation>
    </message>
    <message>
        <source>Keep in Settings File</source>
        <translation>保存在设置文件中</translation>
    </message>
    <message>
        <source>Use an Environment Variable…</source>
        <translation>使用环境变量…</translation>
    </message>
    <message>
        <source>Do Not Keep It</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>Environment Variable</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>The variable that holds the key:</source>
        <translation>保存密钥的变量：</translation>
    </message>
    <message>
        <source>The proxy password for %1 could not be kept: %2

It is used until Confab quits. Choose &quot;Settings file&quot; for the key in Settings ▸ Providers to keep it there.</source>
        <translation>无法保存 %1 的代理密码：%2

在退出 Confab 之前仍会使用它。若要保存，请在“设置 ▸ 服务商”中把密钥的保存位置选为“设置文件”。</translation>
    </message>
</context>
<context>
    <name>ProxyConfig</name>
    <message>
        <source>&quot;%1&quot; is not a proxy URL; use http://host:port or socks5://host:port</source>
        <translation>“%1”不是代理网址；请使用 http://主机:端口 或 socks5://主机:端口</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>No keychain service answers on this computer (%1).</source>
        <translation>本机没有可用的钥匙串服务（%1）。</translation>
    </message>
    <message>
        <source>The keychain refused: %1</source>
        <translation>钥匙串拒绝了请求：%1</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>钥匙串出错：%1</translation>
    </message>
</context>
<context>
    <name>confab-cli</name>
    <message>
        <source>confab-cli: %1
Try &apos;confab-cli --help&apos; for more information.</source>
        <translation>confab-cli：%1
运行 &apos;confab-cli --help&apos; 查看更多信息。</translation>
    </message>
    <message>
        <source>confab-cli: %1</source>
        <translation>confab-cli：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A desktop chat client for OpenAI-compatible APIs.</source>
        <translation>适用于 OpenAI 兼容 API 的桌面聊天客户端。</translation>
    </message>
    <message>
        <source>Keep conversations and settings in DIR (a portable profile).</source>
        <translation>把对话和设置保存在 DIR 中（便携配置）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Open the conversation with this ID.</source>
        <translation>打开此 ID 的对话。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Talk to a demo model on this computer: no key, no network. Ask for something long to see a long reply.</source>
        <translation>与本机上的演示模型对话：无需密钥，无需联网。要看长回复，就让它写长一些。</translation>
    </message>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>Confab cannot open its conversation database.

%1</source>
        <translation>Confab 无法打开对话数据库。

%1</translation>
    </message>
    <message>
        <source>The conversation database was damaged and could not be read. It was moved to %1 so that nothing in it is lost, and a new one was started.</source>
        <translation>对话数据库已损坏，无法读取。它已被移到 %1，里面的内容不会丢失；Confab 新建了一个数据库。</translation>
    </message>
    <message>
        <source>The demo server could not start.</source>
        <translation>演示服务器无法启动。</translation>
    </message>
    <message>
        <source>There is no conversation %1.</source>
        <translation>没有对话 %1。</translation>
    </message>
</context>
</TS>
