<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hi_IN">
<context>
    <name>tollgate::ui</name>
    <message>
        <source>Provider '%1' has its key written in the config; there is no secret store to move it to</source>
        <translation>प्रदाता '%1' की कुंजी कॉन्फ़िग में लिखी है; उसे ले जाने के लिए कोई सीक्रेट स्टोर नहीं है</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::DashboardPanel</name>
    <message>
        <source>Dashboard</source>
        <translation>डैशबोर्ड</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>अवधि:</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 मिनट</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 घंटा</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 घंटे</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>आज के अनुरोध</translation>
    </message>
    <message>
        <source>Errors today</source>
        <translation>आज की त्रुटियाँ</translation>
    </message>
    <message>
        <source>Tokens today (in / out)</source>
        <translation>आज के टोकन (इनपुट / आउटपुट)</translation>
    </message>
    <message>
        <source>Spend today</source>
        <translation>आज का ख़र्च</translation>
    </message>
    <message>
        <source>Requests per second by provider</source>
        <translation>प्रदाता के अनुसार प्रति सेकंड अनुरोध</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>अनुरोध/से</translation>
    </message>
    <message>
        <source>Share of requests</source>
        <translation>अनुरोधों का हिस्सा</translation>
    </message>
    <message>
        <source>Latency: p50 solid, p95 dashed</source>
        <translation>विलंब: p50 ठोस रेखा, p95 डैश रेखा</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>मि.से.</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>त्रुटि दर</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>प्रति सेकंड ख़र्च</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>राशि</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>त्रुटियाँ</translation>
    </message>
    <message>
        <source>gateway</source>
        <translation>गेटवे</translation>
    </message>
    <message>
        <source>%1 p50</source>
        <translation>%1 p50</translation>
    </message>
    <message>
        <source>%1 p95</source>
        <translation>%1 p95</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1 (%2%)</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>कुछ नहीं</translation>
    </message>
    <message>
        <source>under 1%</source>
        <translation>1% से कम</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Spend per 10 seconds</source>
        <translation>प्रति 10 सेकंड ख़र्च</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>प्रति मिनट ख़र्च</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::MainWindow</name>
    <message>
        <source>the demo could not start: %1</source>
        <translation>डेमो शुरू नहीं हो सका: %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>डैशबोर्ड</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>अनुरोध</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>रूट</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>सेटिंग्स</translation>
    </message>
    <message>
        <source>Tollgate</source>
        <translation>Tollgate</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>गेटवे शुरू करें</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>गेटवे रोकें</translation>
    </message>
    <message>
        <source>Run the demo</source>
        <translation>डेमो चलाएँ</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>बाहर निकलें</translation>
    </message>
    <message>
        <source>Show Tollgate</source>
        <translation>Tollgate दिखाएँ</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>&amp;गेटवे</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>गेटवे</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo mode&lt;/b&gt; — simulated providers demo-eu, demo-in and demo-us with generated traffic. Nothing leaves this computer.</source>
        <translation>&lt;b&gt;डेमो मोड&lt;/b&gt; — सिम्युलेटेड प्रदाता demo-eu, demo-in और demo-us, बनाए गए ट्रैफ़िक के साथ। कुछ भी इस कंप्यूटर से बाहर नहीं जाता।</translation>
    </message>
    <message>
        <source>Stop the demo</source>
        <translation>डेमो रोकें</translation>
    </message>
    <message>
        <source>no configuration</source>
        <translation>कोई कॉन्फ़िगरेशन नहीं</translation>
    </message>
    <message>
        <source>Gateway stopped</source>
        <translation>गेटवे रुका हुआ है</translation>
    </message>
    <message>
        <source>Gateway starting…</source>
        <translation>गेटवे शुरू हो रहा है…</translation>
    </message>
    <message>
        <source>Gateway running on http://%1 — point OpenAI clients at http://%1/v1</source>
        <translation>गेटवे http://%1 पर चल रहा है — OpenAI क्लाइंट को http://%1/v1 पर भेजें</translation>
    </message>
    <message>
        <source>Gateway failed to start: %1</source>
        <translation>गेटवे शुरू नहीं हो सका: %1</translation>
    </message>
    <message>
        <source>Spend today: none</source>
        <translation>आज का ख़र्च: कुछ नहीं</translation>
    </message>
    <message>
        <source>Spend today: %1</source>
        <translation>आज का ख़र्च: %1</translation>
    </message>
    <message>
        <source>Tollgate
%1
Spend today: %2</source>
        <translation>Tollgate
%1
आज का ख़र्च: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>कुछ नहीं</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderDialog</name>
    <message>
        <source>Test connection</source>
        <translation>कनेक्शन जाँचें</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>प्रदाता जोड़ें</translation>
    </message>
    <message>
        <source>Edit provider %1</source>
        <translation>प्रदाता %1 संपादित करें</translation>
    </message>
    <message>
        <source>e.g. openai</source>
        <translation>जैसे openai</translation>
    </message>
    <message>
        <source>e.g. eu, us, in, local</source>
        <translation>जैसे eu, us, in, local</translation>
    </message>
    <message>
        <source>Current key: %1</source>
        <translation>वर्तमान कुंजी: %1</translation>
    </message>
    <message>
        <source>leave empty to keep the current key</source>
        <translation>वर्तमान कुंजी रखने के लिए ख़ाली छोड़ें</translation>
    </message>
    <message>
        <source>The key is saved to the secret store and not shown again.</source>
        <translation>कुंजी सीक्रेट स्टोर में सहेजी जाती है और फिर नहीं दिखाई जाती।</translation>
    </message>
    <message>
        <source>API key, or env:NAME; empty for none</source>
        <translation>API कुंजी, या env:NAME; कोई नहीं हो तो ख़ाली</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;नाम</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;प्रकार</translation>
    </message>
    <message>
        <source>&amp;Base URL</source>
        <translation>&amp;बेस URL</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>&amp;क्षेत्र</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API &amp;कुंजी</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>मॉडल</translation>
    </message>
    <message>
        <source>Input / 1M tokens</source>
        <translation>इनपुट / 10 लाख टोकन</translation>
    </message>
    <message>
        <source>Output / 1M tokens</source>
        <translation>आउटपुट / 10 लाख टोकन</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>मुद्रा</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>एम्बेडिंग</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>मॉडल जोड़ें</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>मॉडल हटाएँ</translation>
    </message>
    <message>
        <source>Models and prices (per million tokens)</source>
        <translation>मॉडल और मूल्य (प्रति दस लाख टोकन)</translation>
    </message>
    <message>
        <source>model #%1</source>
        <translation>मॉडल #%1</translation>
    </message>
    <message>
        <source>model '%1'</source>
        <translation>मॉडल '%1'</translation>
    </message>
    <message>
        <source>The name of %1 is empty</source>
        <translation>%1 का नाम ख़ाली है</translation>
    </message>
    <message>
        <source>The price of %1 must be a decimal number such as 0.15 (at most 6 decimals)</source>
        <translation>%1 का मूल्य 0.15 जैसी दशमलव संख्या होना चाहिए (अधिकतम 6 दशमलव अंक)</translation>
    </message>
    <message>
        <source>The currency of %1 must be an ISO 4217 code such as USD, EUR, INR</source>
        <translation>%1 की मुद्रा USD, EUR, INR जैसा ISO 4217 कोड होना चाहिए</translation>
    </message>
    <message>
        <source>Add at least one model</source>
        <translation>कम से कम एक मॉडल जोड़ें</translation>
    </message>
    <message>
        <source>env:%1 is not an environment variable name</source>
        <translation>env:%1 किसी एनवायरनमेंट वेरिएबल का नाम नहीं है</translation>
    </message>
    <message>
        <source>A provider named '%1' already exists</source>
        <translation>'%1' नाम का प्रदाता पहले से मौजूद है</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>सहेजने के लिए तैयार।</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// base URL first.</source>
        <translation>पहले http:// या https:// बेस URL दर्ज करें।</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>%1 की जाँच हो रही है …</translation>
    </message>
    <message numerus="yes">
        <source>Connected: HTTP %1, %n model(s) listed</source>
        <translation>
            <numerusform>कनेक्ट हुआ: HTTP %1, %n मॉडल सूचीबद्ध</numerusform>
            <numerusform>कनेक्ट हुआ: HTTP %1, %n मॉडल सूचीबद्ध</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: HTTP %1 — the provider refused the key</source>
        <translation>विफल: HTTP %1 — प्रदाता ने कुंजी अस्वीकार की</translation>
    </message>
    <message>
        <source>Failed: HTTP %1</source>
        <translation>विफल: HTTP %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>विफल: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderTableModel</name>
    <message>
        <source>none</source>
        <translation>कुछ नहीं</translation>
    </message>
    <message>
        <source>•••••••• (%1)</source>
        <translation>•••••••• (%1)</translation>
    </message>
    <message>
        <source>missing (%1)</source>
        <translation>अनुपस्थित (%1)</translation>
    </message>
    <message>
        <source>•••••••• (in the config file)</source>
        <translation>•••••••• (कॉन्फ़िग फ़ाइल में)</translation>
    </message>
    <message>
        <source>%1: in %2, out %3 %4 per million tokens</source>
        <translation>%1: इनपुट %2, आउटपुट %3 %4 प्रति दस लाख टोकन</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>प्रकार</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>क्षेत्र</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>बेस URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API कुंजी</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>मॉडल</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProvidersPanel</name>
    <message>
        <source>Add provider…</source>
        <translation>प्रदाता जोड़ें…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>संपादित करें…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>हटाएँ</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>No secret store: new API keys cannot be saved.</source>
        <translation>कोई सीक्रेट स्टोर नहीं: नई API कुंजियाँ सहेजी नहीं जा सकतीं।</translation>
    </message>
    <message>
        <source>API keys are kept in the system keychain.</source>
        <translation>API कुंजियाँ सिस्टम कीचेन में रखी जाती हैं।</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: there is no secret store for its key.</source>
        <translation>प्रदाता %1 सहेजा नहीं गया: उसकी कुंजी के लिए कोई सीक्रेट स्टोर नहीं है।</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: %2</source>
        <translation>प्रदाता %1 सहेजा नहीं गया: %2</translation>
    </message>
    <message>
        <source>Provider %1 added.</source>
        <translation>प्रदाता %1 जोड़ा गया।</translation>
    </message>
    <message>
        <source>Provider %1 saved.</source>
        <translation>प्रदाता %1 सहेजा गया।</translation>
    </message>
    <message>
        <source>Provider %1 was not removed: %2</source>
        <translation>प्रदाता %1 हटाया नहीं गया: %2</translation>
    </message>
    <message>
        <source>Provider %1 removed.</source>
        <translation>प्रदाता %1 हटाया गया।</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>सहेजा नहीं गया: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestLogModel</name>
    <message>
        <source>client left</source>
        <translation>क्लाइंट चला गया</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(गेटवे)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 मि.से.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>समय</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>मॉडल</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>विलंब</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>टोकन इनपुट / आउटपुट</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>लागत</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>एंडपॉइंट</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>अनुरोध ID</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestsPanel</name>
    <message>
        <source>Refresh</source>
        <translation>रीफ़्रेश करें</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>अनुरोध</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>सभी प्रदाता</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>सभी मॉडल</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>कोई भी स्थिति</translation>
    </message>
    <message>
        <source>Success (2xx, 3xx)</source>
        <translation>सफल (2xx, 3xx)</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>क्लाइंट त्रुटियाँ (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>सर्वर त्रुटियाँ (5xx)</translation>
    </message>
    <message>
        <source>Client left</source>
        <translation>क्लाइंट चला गया</translation>
    </message>
    <message>
        <source>Search id, model, error…</source>
        <translation>ID, मॉडल, त्रुटि खोजें…</translation>
    </message>
    <message>
        <source>Request log not available: %1</source>
        <translation>अनुरोध लॉग उपलब्ध नहीं: %1</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>अभी तक कोई अनुरोध नहीं</translation>
    </message>
    <message>
        <source>%1 of the latest %2 requests shown</source>
        <translation>नवीनतम %2 में से %1 अनुरोध दिखाए गए</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(गेटवे)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(कोई नहीं)</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>विवरण देखने के लिए कोई अनुरोध चुनें।</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 मि.से.</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>अनुरोध ID</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>शुरू हुआ</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>अनुरोध</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>एंडपॉइंट</translation>
    </message>
    <message>
        <source>Model requested</source>
        <translation>माँगा गया मॉडल</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Model used</source>
        <translation>प्रयुक्त मॉडल</translation>
    </message>
    <message>
        <source>Upstream attempts</source>
        <translation>अपस्ट्रीम प्रयास</translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation>स्ट्रीम किया गया</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>हाँ</translation>
    </message>
    <message>
        <source>no</source>
        <translation>नहीं</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <source>client left before the response</source>
        <translation>उत्तर से पहले क्लाइंट चला गया</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>कुल समय</translation>
    </message>
    <message>
        <source>Upstream time</source>
        <translation>अपस्ट्रीम समय</translation>
    </message>
    <message>
        <source>Gateway overhead</source>
        <translation>गेटवे ओवरहेड</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>पहले बाइट तक का समय</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>टोकन इनपुट / आउटपुट</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>लागत</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>त्रुटि का प्रकार</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>त्रुटि</translation>
    </message>
    <message>
        <source>Stopped by</source>
        <translation>इसने रोका</translation>
    </message>
    <message>
        <source>Client disconnected</source>
        <translation>क्लाइंट डिस्कनेक्ट हुआ</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RouteTargetModel</name>
    <message>
        <source>Relative share for weighted strategies (1-1000); targets are tried in the listed order</source>
        <translation>भारित रणनीतियों के लिए सापेक्ष हिस्सा (1-1000); लक्ष्य सूची के क्रम में आज़माए जाते हैं</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>क्रम</translation>
    </message>
    <message>
        <source>Target (provider/model)</source>
        <translation>लक्ष्य (प्रदाता/मॉडल)</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>भार</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RoutesPanel</name>
    <message>
        <source>Add route</source>
        <translation>रूट जोड़ें</translation>
    </message>
    <message>
        <source>Remove route</source>
        <translation>रूट हटाएँ</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>लक्ष्य जोड़ें</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>लक्ष्य हटाएँ</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>ऊपर ले जाएँ</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>नीचे ले जाएँ</translation>
    </message>
    <message>
        <source>Save and apply</source>
        <translation>सहेजें और लागू करें</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>आयात करें…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>निर्यात करें…</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>रूट</translation>
    </message>
    <message>
        <source>Alias / target</source>
        <translation>उपनाम / लक्ष्य</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>क्रम</translation>
    </message>
    <message>
        <source>&amp;Alias</source>
        <translation>&amp;उपनाम</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>पूर्ववत करें</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>फिर से करें</translation>
    </message>
    <message>
        <source>Import configuration</source>
        <translation>कॉन्फ़िगरेशन आयात करें</translation>
    </message>
    <message>
        <source>YAML or JSON (*.yaml *.yml *.json);;All files (*)</source>
        <translation>YAML या JSON (*.yaml *.yml *.json);;सभी फ़ाइलें (*)</translation>
    </message>
    <message>
        <source>Export configuration</source>
        <translation>कॉन्फ़िगरेशन निर्यात करें</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml)</source>
        <translation>YAML (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>No unsaved changes.</source>
        <translation>कोई बिना सहेजा बदलाव नहीं।</translation>
    </message>
    <message>
        <source>Valid; not saved yet.</source>
        <translation>मान्य; अभी सहेजा नहीं गया।</translation>
    </message>
    <message>
        <source>Add route %1</source>
        <translation>रूट %1 जोड़ें</translation>
    </message>
    <message>
        <source>Remove route %1</source>
        <translation>रूट %1 हटाएँ</translation>
    </message>
    <message>
        <source>Rename route</source>
        <translation>रूट का नाम बदलें</translation>
    </message>
    <message>
        <source>Add target %1</source>
        <translation>लक्ष्य %1 जोड़ें</translation>
    </message>
    <message>
        <source>Move target %1/%2</source>
        <translation>लक्ष्य %1/%2 खिसकाएँ</translation>
    </message>
    <message>
        <source>Change weight</source>
        <translation>भार बदलें</translation>
    </message>
    <message>
        <source>Not saved: fix the problems above first.</source>
        <translation>सहेजा नहीं गया: पहले ऊपर की समस्याएँ ठीक करें।</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>सहेजा नहीं गया: %1</translation>
    </message>
    <message>
        <source>Applied to the gateway.</source>
        <translation>गेटवे पर लागू किया गया।</translation>
    </message>
    <message>
        <source>Saved to %1 and applied to the gateway.</source>
        <translation>%1 में सहेजा गया और गेटवे पर लागू किया गया।</translation>
    </message>
    <message>
        <source>%1 was not imported: it has errors (listed above).</source>
        <translation>%1 आयात नहीं हुआ: इसमें त्रुटियाँ हैं (ऊपर सूचीबद्ध)।</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 आयात नहीं हुआ: %2</translation>
    </message>
    <message>
        <source>Imported %1 and applied it to the gateway.</source>
        <translation>%1 आयात किया और गेटवे पर लागू किया।</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>निर्यात नहीं हुआ: %1</translation>
    </message>
    <message>
        <source>Exported to %1 (API keys as references only).</source>
        <translation>%1 में निर्यात किया (API कुंजियाँ केवल संदर्भ के रूप में)।</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::SettingsPanel</name>
    <message>
        <source>Settings</source>
        <translation>सेटिंग्स</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>गेटवे</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>सुनने का पता</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>ब्राउज़ करें…</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>डेटा फ़ोल्डर</translation>
    </message>
    <message>
        <source>The listen address and the data folder take effect when the gateway starts.</source>
        <translation>सुनने का पता और डेटा फ़ोल्डर गेटवे शुरू होने पर लागू होते हैं।</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>प्रदर्शन</translation>
    </message>
    <message>
        <source>Display currency</source>
        <translation>प्रदर्शन मुद्रा</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>भाषा</translation>
    </message>
    <message>
        <source>System tray</source>
        <translation>सिस्टम ट्रे</translation>
    </message>
    <message>
        <source>Start in the tray (the window stays hidden until you open it)</source>
        <translation>ट्रे में शुरू करें (खोलने तक विंडो छिपी रहती है)</translation>
    </message>
    <message>
        <source>Keep the gateway running in the tray when the window is closed</source>
        <translation>विंडो बंद होने पर गेटवे को ट्रे में चलता रखें</translation>
    </message>
    <message>
        <source>This desktop has no system tray: these take effect where one is available.</source>
        <translation>इस डेस्कटॉप में सिस्टम ट्रे नहीं है: ये विकल्प वहाँ लागू होते हैं जहाँ ट्रे उपलब्ध हो।</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (or localhost).</source>
        <translation>“%1” कोई IP पता (या localhost) नहीं है।</translation>
    </message>
    <message>
        <source>“%1” is not an ISO 4217 currency code (e.g. EUR, USD, INR).</source>
        <translation>“%1” कोई ISO 4217 मुद्रा कोड नहीं है (जैसे EUR, USD, INR)।</translation>
    </message>
    <message>
        <source>the listen address</source>
        <translation>सुनने का पता</translation>
    </message>
    <message>
        <source>the data folder</source>
        <translation>डेटा फ़ोल्डर</translation>
    </message>
    <message>
        <source>Restart the gateway (Stop, then Start) to apply %1.</source>
        <translation>%1 लागू करने के लिए गेटवे फिर से शुरू करें (रोकें, फिर शुरू करें)।</translation>
    </message>
    <message>
        <source> and </source>
        <translation> और </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::WelcomePage</name>
    <message>
        <source>Welcome to Tollgate</source>
        <translation>Tollgate में आपका स्वागत है</translation>
    </message>
    <message>
        <source>Tollgate sits between your apps and LLM providers. Point an OpenAI client at it and see which provider answered each request, how fast, and what it cost.

No provider is configured yet.</source>
        <translation>Tollgate आपके ऐप्स और LLM प्रदाताओं के बीच रहता है। किसी OpenAI क्लाइंट को इस पर भेजें और देखें कि हर अनुरोध का उत्तर किस प्रदाता ने दिया, कितनी जल्दी, और कितनी लागत में।

अभी कोई प्रदाता कॉन्फ़िगर नहीं है।</translation>
    </message>
    <message>
        <source>Add a provider</source>
        <translation>प्रदाता जोड़ें</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>डेमो आज़माएँ</translation>
    </message>
    <message>
        <source>The demo runs three simulated providers (demo-eu, demo-in, demo-us) on this computer and sends them traffic through the gateway. Nothing leaves this computer, and the demo providers are gone when you stop it.</source>
        <translation>डेमो इस कंप्यूटर पर तीन सिम्युलेटेड प्रदाता (demo-eu, demo-in, demo-us) चलाता है और गेटवे के ज़रिए उन्हें ट्रैफ़िक भेजता है। कुछ भी इस कंप्यूटर से बाहर नहीं जाता, और डेमो रोकने पर डेमो प्रदाता हट जाते हैं।</translation>
    </message>
</context>
</TS>
