<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hi_IN">
<context>
    <name>tollgate::ui::AuditExportDialog</name>
    <message>
        <source>Export evidence</source>
        <translation>साक्ष्य निर्यात करें</translation>
    </message>
    <message>
        <source>From (inclusive):</source>
        <translation>से (शामिल):</translation>
    </message>
    <message>
        <source>To (exclusive):</source>
        <translation>तक (शामिल नहीं):</translation>
    </message>
    <message>
        <source>HTML report</source>
        <translation>HTML रिपोर्ट</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>प्रारूप:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>ब्राउज़ करें…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>फ़ाइल:</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1 फ़ाइलें (*.%2)</translation>
    </message>
    <message>
        <source>The end of the period must be after its start.</source>
        <translation>अवधि का अंत उसकी शुरुआत के बाद होना चाहिए।</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>लिखने के लिए फ़ाइल चुनें।</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>फ़ोल्डर %1 मौजूद नहीं है।</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF रिपोर्ट</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditLedgerReader</name>
    <message>
        <source>There is no ledger at %1 yet; it is created when the gateway first starts.</source>
        <translation>%1 पर अभी कोई लेजर नहीं है; यह गेटवे के पहली बार शुरू होने पर बनता है।</translation>
    </message>
    <message>
        <source>Cannot open the ledger %1: %2</source>
        <translation>लेजर %1 खोला नहीं जा सका: %2</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>लेजर पढ़ा नहीं जा सका: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditPanel</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 नहीं लिखा जा सका: %2</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n record(s) in the period).</source>
        <translation>
            <numerusform>%1 लिखा गया (अवधि में %n रिकॉर्ड)।</numerusform>
            <numerusform>%1 लिखा गया (अवधि में %n रिकॉर्ड)।</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>रीफ़्रेश करें</translation>
    </message>
    <message>
        <source>Seal now</source>
        <translation>अभी सील करें</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>सत्यापित करें</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>निर्यात करें…</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>ऑडिट</translation>
    </message>
    <message>
        <source>Seal the records written so far into a signed checkpoint now</source>
        <translation>अब तक लिखे गए रिकॉर्ड को अभी एक हस्ताक्षरित चेकपॉइंट में सील करें</translation>
    </message>
    <message>
        <source>Check the whole ledger: hash chain, Merkle roots and checkpoint signatures</source>
        <translation>पूरा लेजर जाँचें: हैश शृंखला, Merkle रूट और चेकपॉइंट के हस्ताक्षर</translation>
    </message>
    <message>
        <source>Select a record to see it in full, with its inclusion proof.</source>
        <translation>किसी रिकॉर्ड को उसके समावेशन प्रमाण के साथ पूरा देखने के लिए उसे चुनें।</translation>
    </message>
    <message>
        <source>No ledger: start the gateway to create one.</source>
        <translation>कोई लेजर नहीं: लेजर बनाने के लिए गेटवे शुरू करें।</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 पढ़ा जा रहा है…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n रिकॉर्ड</numerusform>
            <numerusform>%n रिकॉर्ड</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s)</source>
        <translation>
            <numerusform>%n चेकपॉइंट</numerusform>
            <numerusform>%n चेकपॉइंट</numerusform>
        </translation>
    </message>
    <message>
        <source>last checkpoint %1</source>
        <translation>अंतिम चेकपॉइंट %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) not sealed yet</source>
        <translation>
            <numerusform>%n रिकॉर्ड अभी सील नहीं हुआ</numerusform>
            <numerusform>%n रिकॉर्ड अभी सील नहीं हुए</numerusform>
        </translation>
    </message>
    <message>
        <source>Ledger %1 at %2</source>
        <translation>%2 पर लेजर %1</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>सत्यापन हो रहा है…</translation>
    </message>
    <message>
        <source>OK: %1</source>
        <translation>ठीक है: %1</translation>
    </message>
    <message>
        <source>FAILED (%1): %2</source>
        <translation>विफल (%1): %2</translation>
    </message>
    <message>
        <source>First bad record: #%1 (request %2)</source>
        <translation>पहला ख़राब रिकॉर्ड: #%1 (अनुरोध %2)</translation>
    </message>
    <message>
        <source>Sealed.</source>
        <translation>सील किया गया।</translation>
    </message>
    <message>
        <source>Sealing did not finish in time.</source>
        <translation>सील करना समय पर पूरा नहीं हुआ।</translation>
    </message>
    <message>
        <source>Record #%1</source>
        <translation>रिकॉर्ड #%1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>अनुरोध: %1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>समय: %1</translation>
    </message>
    <message>
        <source>Key: %1   Team: %2</source>
        <translation>कुंजी: %1   टीम: %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(कोई नहीं)</translation>
    </message>
    <message>
        <source>Detections: %1</source>
        <translation>पहचान: %1</translation>
    </message>
    <message>
        <source>Data classes: %1</source>
        <translation>डेटा वर्ग: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>कुछ नहीं</translation>
    </message>
    <message>
        <source>Regimes: %1</source>
        <translation>नियामक व्यवस्थाएँ: %1</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>नीति संस्करण: %1</translation>
    </message>
    <message>
        <source>Candidates: %1</source>
        <translation>संभावित प्रदाता: %1</translation>
    </message>
    <message>
        <source>Chosen: %1 in %2</source>
        <translation>चुना गया: %1 (क्षेत्र %2)</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>कार्रवाई: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>कारण: %1</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>HTTP स्थिति: %1</translation>
    </message>
    <message>
        <source>Cost: %1 %2 (%3 input, %4 output tokens)</source>
        <translation>लागत: %1 %2 (%3 इनपुट, %4 आउटपुट टोकन)</translation>
    </message>
    <message>
        <source>Decision hash: %1</source>
        <translation>निर्णय हैश: %1</translation>
    </message>
    <message>
        <source>Entry hash: %1</source>
        <translation>प्रविष्टि हैश: %1</translation>
    </message>
    <message>
        <source>Inclusion proof: loading…</source>
        <translation>समावेशन प्रमाण: लोड हो रहा है…</translation>
    </message>
    <message>
        <source>Inclusion proof:</source>
        <translation>समावेशन प्रमाण:</translation>
    </message>
    <message>
        <source>Inclusion proof: %1</source>
        <translation>समावेशन प्रमाण: %1</translation>
    </message>
    <message>
        <source>Nothing to export: there is no ledger yet.</source>
        <translation>निर्यात के लिए कुछ नहीं: अभी कोई लेजर नहीं है।</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>निर्यात हो रहा है…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>निर्यात विफल: %1</translation>
    </message>
    <message>
        <source>Tollgate evidence report</source>
        <translation>Tollgate साक्ष्य रिपोर्ट</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditRecordModel</name>
    <message>
        <source>Decision hash (x-tollgate-decision): %1</source>
        <translation>निर्णय हैश (x-tollgate-decision): %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>कुछ नहीं</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>समय</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>अनुरोध</translation>
    </message>
    <message>
        <source>Key / team</source>
        <translation>कुंजी / टीम</translation>
    </message>
    <message>
        <source>Data classes</source>
        <translation>डेटा वर्ग</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>नियामक व्यवस्थाएँ</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>क्षेत्र</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>कार्रवाई</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>लागत</translation>
    </message>
    <message>
        <source>Record hash</source>
        <translation>रिकॉर्ड हैश</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetDialog</name>
    <message>
        <source>Edit budget</source>
        <translation>बजट संपादित करें</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>बजट जोड़ें</translation>
    </message>
    <message>
        <source>e.g. support-monthly</source>
        <translation>जैसे support-monthly</translation>
    </message>
    <message>
        <source>team</source>
        <translation>टीम</translation>
    </message>
    <message>
        <source>project</source>
        <translation>प्रोजेक्ट</translation>
    </message>
    <message>
        <source>key</source>
        <translation>कुंजी</translation>
    </message>
    <message>
        <source>day</source>
        <translation>दिन</translation>
    </message>
    <message>
        <source>month</source>
        <translation>महीना</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>कस्टम</translation>
    </message>
    <message>
        <source>e.g. 500.00</source>
        <translation>जैसे 500.00</translation>
    </message>
    <message>
        <source>optional: warn from this amount on</source>
        <translation>वैकल्पिक: इस राशि से चेतावनी दें</translation>
    </message>
    <message>
        <source>At the hard cap requests get 402. Changing a cap keeps what was already spent in the period.</source>
        <translation>अधिकतम सीमा पर अनुरोधों को 402 मिलता है। सीमा बदलने पर अवधि में पहले से हुआ ख़र्च बना रहता है।</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>स्तर:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>किस पर लागू:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>अवधि:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>समय क्षेत्र:</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>आरंभ:</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>अंत:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>मुद्रा:</translation>
    </message>
    <message>
        <source>Hard cap:</source>
        <translation>अधिकतम सीमा:</translation>
    </message>
    <message>
        <source>Soft threshold:</source>
        <translation>चेतावनी सीमा:</translation>
    </message>
    <message>
        <source>Id: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>ID: अक्षर, अंक, &apos;.&apos;, &apos;_&apos; और &apos;-&apos; (अधिकतम 64)।</translation>
    </message>
    <message>
        <source>Enter the team, project or key id the budget applies to.</source>
        <translation>वह टीम, प्रोजेक्ट या कुंजी ID दर्ज करें जिस पर बजट लागू होता है।</translation>
    </message>
    <message>
        <source>Currency: a three-letter ISO 4217 code such as EUR.</source>
        <translation>मुद्रा: EUR जैसा तीन अक्षरों वाला ISO 4217 कोड।</translation>
    </message>
    <message>
        <source>Enter the hard cap.</source>
        <translation>अधिकतम सीमा दर्ज करें।</translation>
    </message>
    <message>
        <source>Hard cap &apos;%1&apos; is not an amount (digits, at most six decimals).</source>
        <translation>अधिकतम सीमा &apos;%1&apos; कोई राशि नहीं है (अंक, अधिकतम छह दशमलव स्थान)।</translation>
    </message>
    <message>
        <source>Soft threshold &apos;%1&apos; is not an amount.</source>
        <translation>चेतावनी सीमा &apos;%1&apos; कोई राशि नहीं है।</translation>
    </message>
    <message>
        <source>The soft threshold is above the hard cap.</source>
        <translation>चेतावनी सीमा अधिकतम सीमा से ऊपर है।</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos; (an IANA name such as Europe/Berlin).</source>
        <translation>अज्ञात समय क्षेत्र &apos;%1&apos; (Asia/Kolkata जैसा IANA नाम)।</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetLimitModel</name>
    <message>
        <source>no limit</source>
        <translation>कोई सीमा नहीं</translation>
    </message>
    <message>
        <source>team</source>
        <translation>टीम</translation>
    </message>
    <message>
        <source>key</source>
        <translation>कुंजी</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>स्तर</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>किस पर लागू</translation>
    </message>
    <message>
        <source>Requests / min</source>
        <translation>अनुरोध / मिनट</translation>
    </message>
    <message>
        <source>Tokens / min</source>
        <translation>टोकन / मिनट</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetTableModel</name>
    <message>
        <source>day</source>
        <translation>दिन</translation>
    </message>
    <message>
        <source>day (%1)</source>
        <translation>दिन (%1)</translation>
    </message>
    <message>
        <source>month</source>
        <translation>महीना</translation>
    </message>
    <message>
        <source>month (%1)</source>
        <translation>महीना (%1)</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>on track (nothing spent yet)</source>
        <translation>सीमा के भीतर (अभी तक कोई ख़र्च नहीं)</translation>
    </message>
    <message>
        <source>on track (%1 by the end of the period)</source>
        <translation>सीमा के भीतर (अवधि के अंत तक %1)</translation>
    </message>
    <message>
        <source>will exceed on %1</source>
        <translation>%1 को सीमा पार होगी</translation>
    </message>
    <message>
        <source>cap reached: requests get 402 until %1</source>
        <translation>सीमा पूरी: %1 तक अनुरोधों को 402 मिलेगा</translation>
    </message>
    <message>
        <source>outside its period</source>
        <translation>अपनी अवधि से बाहर</translation>
    </message>
    <message>
        <source>Settled %1, held by requests in flight %2, cap %3</source>
        <translation>तय ख़र्च %1, चल रहे अनुरोधों द्वारा आरक्षित %2, सीमा %3</translation>
    </message>
    <message>
        <source>key</source>
        <translation>कुंजी</translation>
    </message>
    <message>
        <source>project</source>
        <translation>प्रोजेक्ट</translation>
    </message>
    <message>
        <source>team</source>
        <translation>टीम</translation>
    </message>
    <message>
        <source>none</source>
        <translation>कोई नहीं</translation>
    </message>
    <message>
        <source>%1 + %2 held (%3%)</source>
        <translation>%1 + %2 आरक्षित (%3%)</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>बजट</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>स्तर</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>किस पर लागू</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>अवधि</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>मुद्रा</translation>
    </message>
    <message>
        <source>Hard cap</source>
        <translation>अधिकतम सीमा</translation>
    </message>
    <message>
        <source>Soft threshold</source>
        <translation>चेतावनी सीमा</translation>
    </message>
    <message>
        <source>Usage (settled + held)</source>
        <translation>उपयोग (तय + आरक्षित)</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>पूर्वानुमान</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetsPanel</name>
    <message>
        <source>Add budget…</source>
        <translation>बजट जोड़ें…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>संपादित करें…</translation>
    </message>
    <message>
        <source>Set limits…</source>
        <translation>सीमाएँ तय करें…</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>बजट</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>दर सीमाएँ</translation>
    </message>
    <message>
        <source>Start the gateway to see and change its budgets and limits.</source>
        <translation>बजट और सीमाएँ देखने और बदलने के लिए गेटवे शुरू करें।</translation>
    </message>
    <message>
        <source>Saving budget %1…</source>
        <translation>बजट %1 सहेजा जा रहा है…</translation>
    </message>
    <message>
        <source>Budget %1 saved; it applies from the next request.</source>
        <translation>बजट %1 सहेजा गया; यह अगले अनुरोध से लागू होगा।</translation>
    </message>
    <message>
        <source>Budget %1 was not saved: %2</source>
        <translation>बजट %1 सहेजा नहीं गया: %2</translation>
    </message>
    <message>
        <source>Limits of %1 saved; they apply from the next request.</source>
        <translation>%1 की सीमाएँ सहेजी गईं; ये अगले अनुरोध से लागू होंगी।</translation>
    </message>
    <message>
        <source>Limits of %1 were not saved: %2</source>
        <translation>%1 की सीमाएँ सहेजी नहीं गईं: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ConfigCommit</name>
    <message>
        <source>Provider &apos;%1&apos; has its key written in the config; there is no secret store to move it to</source>
        <translation>प्रदाता &apos;%1&apos; की कुंजी कॉन्फ़िग में लिखी है; उसे ले जाने के लिए कोई सीक्रेट स्टोर नहीं है</translation>
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
    <message>
        <source>Spend by team (from the spend ledger)</source>
        <translation>टीम के अनुसार ख़र्च (ख़र्च लेजर से)</translation>
    </message>
    <message>
        <source>Spend by currency</source>
        <translation>मुद्रा के अनुसार ख़र्च</translation>
    </message>
    <message>
        <source>+ %1 (no rate to %2)</source>
        <translation>+ %1 (%2 में कोई दर नहीं)</translation>
    </message>
    <message>
        <source>As spent: %1</source>
        <translation>जैसा ख़र्च हुआ: %1</translation>
    </message>
    <message>
        <source>%1 (no rate)</source>
        <translation>%1 (कोई दर नहीं)</translation>
    </message>
    <message>
        <source>No exchange rate to %1 for %2: shown in its own currency, not in the converted totals.</source>
        <translation>%2 के लिए %1 में कोई विनिमय दर नहीं: इसे अपनी मुद्रा में दिखाया गया है, बदले गए कुल योग में नहीं।</translation>
    </message>
    <message>
        <source>The spend ledger could not be read: %1</source>
        <translation>ख़र्च लेजर पढ़ा नहीं जा सका: %1</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>(कोई कुंजी नहीं)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (no rate to %2)</source>
        <translation>%1 (%2 में कोई दर नहीं)</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>कुल %1</translation>
    </message>
    <message>
        <source>Spend by team in %1 (cumulative)</source>
        <translation>%1 में टीम के अनुसार ख़र्च (संचयी)</translation>
    </message>
    <message>
        <source>Spend by currency (cumulative)</source>
        <translation>मुद्रा के अनुसार ख़र्च (संचयी)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailPolicyModel</name>
    <message>
        <source>The built-in default</source>
        <translation>अंतर्निहित डिफ़ॉल्ट</translation>
    </message>
    <message>
        <source>Changed from the default (%1)</source>
        <translation>डिफ़ॉल्ट (%1) से बदला गया</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>डिटेक्टर</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>श्रेणी</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>कार्रवाई</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>डिफ़ॉल्ट</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailSandbox</name>
    <message>
        <source>The text is %1 KiB; the sandbox scans at most %2 KiB.</source>
        <translation>टेक्स्ट %1 KiB का है; सैंडबॉक्स अधिकतम %2 KiB स्कैन करता है।</translation>
    </message>
    <message>
        <source>The text is too large to scan.</source>
        <translation>टेक्स्ट स्कैन करने के लिए बहुत बड़ा है।</translation>
    </message>
    <message>
        <source>A detector failed; the gateway would refuse this request (it fails closed).</source>
        <translation>एक डिटेक्टर विफल हुआ; गेटवे यह अनुरोध अस्वीकार कर देगा (त्रुटि होने पर वह रोक देता है)।</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailsPanel</name>
    <message>
        <source>Save</source>
        <translation>सहेजें</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>बदलाव वापस लें</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>स्कैन करें</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>सुरक्षा नियम</translation>
    </message>
    <message>
        <source>What the gateway does with what its detectors find in a request. Changes apply to the running gateway when saved.</source>
        <translation>गेटवे किसी अनुरोध में अपने डिटेक्टरों को मिली चीज़ों के साथ क्या करता है। सहेजने पर बदलाव चल रहे गेटवे पर लागू होते हैं।</translation>
    </message>
    <message>
        <source>prompt_injection fires when a text&apos;s injection score reaches this value</source>
        <translation>जब किसी टेक्स्ट का इंजेक्शन स्कोर इस मान तक पहुँचता है, तब prompt_injection सक्रिय होता है</translation>
    </message>
    <message>
        <source>Injection threshold:</source>
        <translation>इंजेक्शन सीमा:</translation>
    </message>
    <message>
        <source>Scan responses too</source>
        <translation>उत्तर भी स्कैन करें</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>सैंडबॉक्स</translation>
    </message>
    <message>
        <source>Paste a text to see what the detectors find and what the provider would receive under the actions on the left (saved or not). Nothing here is sent or stored.</source>
        <translation>कोई टेक्स्ट चिपकाएँ और देखें कि डिटेक्टर क्या पाते हैं और बाईं ओर की कार्रवाइयों (सहेजी हों या नहीं) के तहत प्रदाता को क्या मिलेगा। यहाँ से कुछ भी भेजा या सहेजा नहीं जाता।</translation>
    </message>
    <message>
        <source>Paste a prompt or a document here</source>
        <translation>यहाँ कोई प्रॉम्प्ट या दस्तावेज़ चिपकाएँ</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>प्रकार</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>कार्रवाई</translation>
    </message>
    <message>
        <source>Begin</source>
        <translation>आरंभ</translation>
    </message>
    <message>
        <source>End</source>
        <translation>अंत</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>स्कोर</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>मान</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>सहेजा नहीं गया: बदलने के लिए अभी कोई कॉन्फ़िगरेशन नहीं है।</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>सहेजा नहीं गया: %1</translation>
    </message>
    <message>
        <source>Guardrails saved; the gateway uses them from the next request.</source>
        <translation>सुरक्षा नियम सहेजे गए; गेटवे इन्हें अगले अनुरोध से इस्तेमाल करेगा।</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>स्कैन हो रहा है…</translation>
    </message>
    <message>
        <source>injection score %1</source>
        <translation>इंजेक्शन स्कोर %1</translation>
    </message>
    <message>
        <source>The gateway would refuse this text with 400 (blocked by %1; %2).</source>
        <translation>गेटवे इस टेक्स्ट को 400 के साथ अस्वीकार करेगा (%1 द्वारा रोका गया; %2)।</translation>
    </message>
    <message>
        <source>Nothing found (%1); the provider receives the text as it is.</source>
        <translation>कुछ नहीं मिला (%1); प्रदाता को टेक्स्ट जैसा है वैसा ही मिलता है।</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) (%1); the provider would receive:</source>
        <translation>
            <numerusform>%n परिणाम (%1); प्रदाता को यह मिलेगा:</numerusform>
            <numerusform>%n परिणाम (%1); प्रदाता को यह मिलेगा:</numerusform>
        </translation>
    </message>
    <message>
        <source>A profile changes the actions for the routes and keys that name it; where a route and a key both have one, the stricter setting wins.</source>
        <translation>प्रोफ़ाइल उन रूट और कुंजियों की कार्रवाइयाँ बदलती है जो उसका नाम लेते हैं; जहाँ रूट और कुंजी दोनों की प्रोफ़ाइल हो, वहाँ अधिक सख़्त सेटिंग लागू होती है।</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>प्रोफ़ाइल:</translation>
    </message>
    <message>
        <source>None: the policy on the left</source>
        <translation>कोई नहीं: बाईं ओर की नीति</translation>
    </message>
    <message>
        <source>Route %1 (its own actions)</source>
        <translation>रूट %1 (उसकी अपनी कार्रवाइयाँ)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyDialog</name>
    <message>
        <source>Create key</source>
        <translation>कुंजी बनाएँ</translation>
    </message>
    <message>
        <source>optional, e.g. helpdesk bot</source>
        <translation>वैकल्पिक, जैसे हेल्पडेस्क बॉट</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>वैकल्पिक</translation>
    </message>
    <message>
        <source>another pattern, e.g. openai/gpt-4o*</source>
        <translation>दूसरा पैटर्न, जैसे openai/gpt-4o*</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>जोड़ें</translation>
    </message>
    <message>
        <source>None checked: the key may use every model.</source>
        <translation>कुछ भी चुना नहीं: कुंजी हर मॉडल इस्तेमाल कर सकती है।</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>समाप्त होती है</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>कोई सीमा नहीं</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>टीम:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>नाम:</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>प्रोजेक्ट:</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>अनुमतियाँ:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>समाप्ति:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>प्रति मिनट अनुरोध:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>प्रति मिनट टोकन:</translation>
    </message>
    <message>
        <source>Every key belongs to a team: enter one.</source>
        <translation>हर कुंजी किसी टीम की होती है: एक टीम दर्ज करें।</translation>
    </message>
    <message>
        <source>Team &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>टीम &apos;%1&apos;: अक्षर, अंक, &apos;.&apos;, &apos;_&apos; और &apos;-&apos; इस्तेमाल करें (अधिकतम 64)।</translation>
    </message>
    <message>
        <source>Project &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>प्रोजेक्ट &apos;%1&apos;: अक्षर, अंक, &apos;.&apos;, &apos;_&apos; और &apos;-&apos; इस्तेमाल करें (अधिकतम 64)।</translation>
    </message>
    <message>
        <source>The name is longer than 200 characters.</source>
        <translation>नाम 200 अक्षरों से लंबा है।</translation>
    </message>
    <message>
        <source>The expiry is in the past.</source>
        <translation>समाप्ति तिथि बीत चुकी है।</translation>
    </message>
    <message>
        <source>The gateway&apos;s policy</source>
        <translation>गेटवे की नीति</translation>
    </message>
    <message>
        <source>A profile&apos;s guardrail actions apply to every request made with this key; where the route has a profile too, the stricter setting wins.</source>
        <translation>प्रोफ़ाइल की सुरक्षा-नियम कार्रवाइयाँ इस कुंजी से किए गए हर अनुरोध पर लागू होती हैं; जहाँ रूट की भी प्रोफ़ाइल हो, वहाँ अधिक सख़्त सेटिंग लागू होती है।</translation>
    </message>
    <message>
        <source>Guardrails:</source>
        <translation>सुरक्षा नियम:</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeySecretDialog</name>
    <message>
        <source>Copy</source>
        <translation>कॉपी करें</translation>
    </message>
    <message>
        <source>New key %1</source>
        <translation>नई कुंजी %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. It will not be shown again.&lt;/b&gt;&lt;br&gt;Tollgate keeps only its hash: a lost key cannot be recovered, only revoked and replaced.</source>
        <translation>&lt;b&gt;इस कुंजी को अभी कॉपी करें। यह फिर नहीं दिखाई जाएगी।&lt;/b&gt;&lt;br&gt;Tollgate केवल इसका हैश रखता है: खोई हुई कुंजी वापस नहीं मिल सकती, उसे केवल रद्द करके बदला जा सकता है।</translation>
    </message>
    <message>
        <source>Clients send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; (Anthropic clients: &lt;code&gt;x-api-key&lt;/code&gt;).</source>
        <translation>क्लाइंट इसे &lt;code&gt;Authorization: Bearer &amp;lt;कुंजी&amp;gt;&lt;/code&gt; के रूप में भेजते हैं (Anthropic क्लाइंट: &lt;code&gt;x-api-key&lt;/code&gt;)।</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>क्लिपबोर्ड पर कॉपी किया गया।</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyTableModel</name>
    <message>
        <source>active</source>
        <translation>सक्रिय</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>समाप्त</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <source>Declared in the configuration file; remove it there to revoke it.</source>
        <translation>कॉन्फ़िगरेशन फ़ाइल में घोषित; रद्द करने के लिए उसे वहीं से हटाएँ।</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>every model</source>
        <translation>हर मॉडल</translation>
    </message>
    <message>
        <source>never</source>
        <translation>कभी नहीं</translation>
    </message>
    <message>
        <source>%1 (config file)</source>
        <translation>%1 (कॉन्फ़िग फ़ाइल)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>कुंजी</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>नाम</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>टीम</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>प्रोजेक्ट</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>अनुमतियाँ</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>समाप्ति</translation>
    </message>
    <message>
        <source>State</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>बनाई गई</translation>
    </message>
    <message>
        <source>gateway&apos;s policy</source>
        <translation>गेटवे की नीति</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>सुरक्षा नियम</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeysPanel</name>
    <message>
        <source>Create key…</source>
        <translation>कुंजी बनाएँ…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>रद्द करें…</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>कुंजियाँ</translation>
    </message>
    <message>
        <source>&lt;b&gt;No key exists yet: the gateway answers requests without one.&lt;/b&gt; That is only safe while it listens on this computer (loopback). Create a key and every request will need one.</source>
        <translation>&lt;b&gt;अभी कोई कुंजी नहीं है: गेटवे बिना कुंजी के अनुरोधों का उत्तर देता है।&lt;/b&gt; यह तभी तक सुरक्षित है जब तक यह इसी कंप्यूटर पर (loopback) सुन रहा है। एक कुंजी बनाएँ, फिर हर अनुरोध को कुंजी चाहिए होगी।</translation>
    </message>
    <message>
        <source>Start the gateway to create and revoke keys.</source>
        <translation>कुंजियाँ बनाने और रद्द करने के लिए गेटवे शुरू करें।</translation>
    </message>
    <message>
        <source>Could not re-read the keys: %1</source>
        <translation>कुंजियाँ फिर से पढ़ी नहीं जा सकीं: %1</translation>
    </message>
    <message>
        <source>Creating the key…</source>
        <translation>कुंजी बनाई जा रही है…</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>कुंजी नहीं बनी: %1</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>कुंजी %1 बनाई गई।</translation>
    </message>
    <message>
        <source>Key %1 is declared in the configuration file: remove it there.</source>
        <translation>कुंजी %1 कॉन्फ़िगरेशन फ़ाइल में घोषित है: उसे वहीं से हटाएँ।</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>कुंजी रद्द करें</translation>
    </message>
    <message>
        <source>Revoke key %1 (%2…, team %3)? Requests with it get 401 from the next one on. This cannot be undone.</source>
        <translation>कुंजी %1 (%2…, टीम %3) रद्द करें? अगले अनुरोध से इस कुंजी वाले अनुरोधों को 401 मिलेगा। इसे पूर्ववत नहीं किया जा सकता।</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>रद्द करें</translation>
    </message>
    <message>
        <source>Key %1 revoked.</source>
        <translation>कुंजी %1 रद्द की गई।</translation>
    </message>
    <message>
        <source>Key %1 was not revoked: %2</source>
        <translation>कुंजी %1 रद्द नहीं हुई: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::LimitsDialog</name>
    <message>
        <source>Rate limits</source>
        <translation>दर सीमाएँ</translation>
    </message>
    <message>
        <source>team</source>
        <translation>टीम</translation>
    </message>
    <message>
        <source>key</source>
        <translation>कुंजी</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>कोई सीमा नहीं</translation>
    </message>
    <message>
        <source>A request must fit in both its key&apos;s and its team&apos;s limits; refused ones get 429 with Retry-After.</source>
        <translation>किसी अनुरोध को अपनी कुंजी और अपनी टीम, दोनों की सीमाओं में रहना होगा; अस्वीकार हुए अनुरोधों को Retry-After के साथ 429 मिलता है।</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>स्तर:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>किस पर लागू:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>प्रति मिनट अनुरोध:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>प्रति मिनट टोकन:</translation>
    </message>
    <message>
        <source>Enter a team.</source>
        <translation>कोई टीम दर्ज करें।</translation>
    </message>
    <message>
        <source>Enter a key id.</source>
        <translation>कोई कुंजी ID दर्ज करें।</translation>
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
        <source>Gateway stopping: requests in flight have up to %1 s to finish (Stop now cuts them)</source>
        <translation>गेटवे रुक रहा है: चल रहे अनुरोधों के पास पूरा होने के लिए %1 सेकंड तक हैं (“अभी रोकें” उन्हें काट देता है)</translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation>अभी रोकें</translation>
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
    <message>
        <source>Keys</source>
        <translation>कुंजियाँ</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>बजट</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>सुरक्षा नियम</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>डेटा रेज़िडेंसी</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>ऑडिट</translation>
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
        <source>model &apos;%1&apos;</source>
        <translation>मॉडल &apos;%1&apos;</translation>
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
        <source>A provider named &apos;%1&apos; already exists</source>
        <translation>&apos;%1&apos; नाम का प्रदाता पहले से मौजूद है</translation>
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
    <name>tollgate::ui::RequestLogReader</name>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>अनुरोध लॉग पढ़ा नहीं जा सका: %1</translation>
    </message>
    <message>
        <source>No request log database at %1</source>
        <translation>%1 पर कोई अनुरोध लॉग डेटाबेस नहीं</translation>
    </message>
    <message>
        <source>The SQLite driver (QSQLITE) is not available</source>
        <translation>SQLite ड्राइवर (QSQLITE) उपलब्ध नहीं है</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 खोला नहीं जा सका: %2</translation>
    </message>
    <message>
        <source>%1 is not a Tollgate request log database</source>
        <translation>%1 कोई Tollgate अनुरोध लॉग डेटाबेस नहीं है</translation>
    </message>
    <message>
        <source>%1 has schema version %2, newer than this Tollgate knows (%3)</source>
        <translation>%1 का स्कीमा संस्करण %2 है, जो इस Tollgate को ज्ञात संस्करण (%3) से नया है</translation>
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
    <message>
        <source>Live</source>
        <translation>लाइव</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>पिछला</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>अगला</translation>
    </message>
    <message>
        <source>Show new requests on the first page as they arrive</source>
        <translation>नए अनुरोध आते ही पहले पृष्ठ पर दिखाएँ</translation>
    </message>
    <message>
        <source>Page %1 of more than %2</source>
        <translation>%2 से अधिक में से पृष्ठ %1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>%2 में से पृष्ठ %1</translation>
    </message>
    <message>
        <source>No matching requests</source>
        <translation>कोई मेल खाता अनुरोध नहीं</translation>
    </message>
    <message>
        <source>More than %1 matching requests</source>
        <translation>%1 से अधिक मेल खाते अनुरोध</translation>
    </message>
    <message numerus="yes">
        <source>%n matching request(s)</source>
        <translation>
            <numerusform>%n मेल खाता अनुरोध</numerusform>
            <numerusform>%n मेल खाते अनुरोध</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyClassModel</name>
    <message>
        <source>Regimes, separated by commas; known: %1</source>
        <translation>नियामक व्यवस्थाएँ, अल्पविराम से अलग; ज्ञात: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(कोई नहीं)</translation>
    </message>
    <message>
        <source>Data class</source>
        <translation>डेटा वर्ग</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>नियामक व्यवस्थाएँ</translation>
    </message>
    <message>
        <source>Detectors</source>
        <translation>डिटेक्टर</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyMatrixModel</name>
    <message>
        <source>%1 data may be processed in %2</source>
        <translation>%1 डेटा को %2 में प्रोसेस किया जा सकता है</translation>
    </message>
    <message>
        <source>%1 data may not be processed in %2</source>
        <translation>%1 डेटा को %2 में प्रोसेस नहीं किया जा सकता</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyPanel</name>
    <message>
        <source>Add region</source>
        <translation>क्षेत्र जोड़ें</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>सहेजें</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>बदलाव वापस लें</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>डेटा रेज़िडेंसी</translation>
    </message>
    <message>
        <source>Where data under each regime may be processed. A request only goes to a provider whose region all of its regimes allow; when none is left it is refused.</source>
        <translation>हर नियामक व्यवस्था के तहत डेटा कहाँ प्रोसेस किया जा सकता है। कोई अनुरोध केवल उसी प्रदाता को जाता है जिसके क्षेत्र की अनुमति उसकी सभी व्यवस्थाएँ देती हैं; कोई प्रदाता न बचे तो अनुरोध अस्वीकार होता है।</translation>
    </message>
    <message>
        <source>Regimes and the regions they allow</source>
        <translation>नियामक व्यवस्थाएँ और उनके अनुमत क्षेत्र</translation>
    </message>
    <message>
        <source>region, e.g. ch</source>
        <translation>क्षेत्र, जैसे ch</translation>
    </message>
    <message>
        <source>Data classes and their regimes</source>
        <translation>डेटा वर्ग और उनकी नियामक व्यवस्थाएँ</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>नीति संस्करण: %1</translation>
    </message>
    <message>
        <source>Policy version: new on save</source>
        <translation>नीति संस्करण: सहेजने पर नया</translation>
    </message>
    <message>
        <source>Region %1 is already in the matrix.</source>
        <translation>क्षेत्र %1 पहले से मैट्रिक्स में है।</translation>
    </message>
    <message>
        <source>Region %1 added; check the regimes that may use it.</source>
        <translation>क्षेत्र %1 जोड़ा गया; उन व्यवस्थाओं को चुनें जो इसका उपयोग कर सकती हैं।</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>सहेजा नहीं गया: बदलने के लिए अभी कोई कॉन्फ़िगरेशन नहीं है।</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>सहेजा नहीं गया: %1</translation>
    </message>
    <message>
        <source>Residency policy saved; the gateway uses it from the next request.</source>
        <translation>रेज़िडेंसी नीति सहेजी गई; गेटवे इसे अगले अनुरोध से इस्तेमाल करेगा।</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyProviderModel</name>
    <message>
        <source>only data under no regime</source>
        <translation>केवल वह डेटा जिस पर कोई व्यवस्था लागू नहीं</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>प्रदाता</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>क्षेत्र</translation>
    </message>
    <message>
        <source>Regimes that may reach it</source>
        <translation>व्यवस्थाएँ जो इस तक पहुँच सकती हैं</translation>
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
    <message>
        <source>&amp;Strategy</source>
        <translation>&amp;रणनीति</translation>
    </message>
    <message>
        <source>Fallback: in this order</source>
        <translation>फ़ॉलबैक: इसी क्रम में</translation>
    </message>
    <message>
        <source>Weighted: shared out by weight</source>
        <translation>भारित: भार के अनुसार बँटा हुआ</translation>
    </message>
    <message>
        <source>Fallback tries the targets in their order. Weighted sends each request first to a target chosen in proportion to the weights; the others follow in order as fallbacks.</source>
        <translation>फ़ॉलबैक लक्ष्यों को उनके क्रम में आज़माता है। भारित हर अनुरोध को पहले भार के अनुपात में चुने गए लक्ष्य पर भेजता है; बाकी लक्ष्य क्रम से फ़ॉलबैक के रूप में आते हैं।</translation>
    </message>
    <message>
        <source>Share out by weight</source>
        <translation>भार के अनुसार बाँटें</translation>
    </message>
    <message>
        <source>Fall back in order</source>
        <translation>क्रम से फ़ॉलबैक करें</translation>
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
