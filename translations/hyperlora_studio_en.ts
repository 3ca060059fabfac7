<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>hl::ui::CompareCanvas</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="68"/>
        <source>Select 2 to 4 results in the history and press Compare (Ctrl+K).</source>
        <translation>Select 2 to 4 results in the history and press Compare (Ctrl+K).</translation>
    </message>
</context>
<context>
    <name>hl::ui::CompareView</name>
    <message>
        <location filename="../ui/compare_view.cpp" line="119"/>
        <source>Split view</source>
        <translation>Split view</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="121"/>
        <source>Two images in one frame with a movable divider</source>
        <translation>Two images in one frame with a movable divider</translation>
    </message>
    <message>
        <location filename="../ui/compare_view.cpp" line="127"/>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
</context>
<context>
    <name>hl::ui::GeneratePanel</name>
    <message>
        <location filename="../ui/generate_panel.cpp" line="33"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="36"/>
        <source>Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)</source>
        <translation>Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="37"/>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="42"/>
        <source>With an identity, HyperLoRA&apos;s trigger words &quot;fcsks fxhks fhyks,&quot; are added for you.</source>
        <translation>With an identity, HyperLoRA&apos;s trigger words &quot;fcsks fxhks fhyks,&quot; are added for you.</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="49"/>
        <source>a portrait photo of a woman, 85mm, soft light</source>
        <translation>a portrait photo of a woman, 85mm, soft light</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="53"/>
        <source>Negative prompt</source>
        <translation>Negative prompt</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="54"/>
        <source>Official preset</source>
        <translation>Official preset</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="56"/>
        <source>The negative prompt of HyperLoRA&apos;s example workflows</source>
        <translation>The negative prompt of HyperLoRA&apos;s example workflows</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="69"/>
        <source>Sampler</source>
        <translation>Sampler</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="73"/>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="78"/>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="84"/>
        <source>CFG scale</source>
        <translation>CFG scale</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="89"/>
        <source>Random</source>
        <translation>Random</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="92"/>
        <source>Draw a new seed for every generation; untick to lock the seed</source>
        <translation>Draw a new seed for every generation; untick to lock the seed</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="95"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="99"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="101"/>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Generate (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="103"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="105"/>
        <source>Stop the running generation (Esc)</source>
        <translation>Stop the running generation (Esc)</translation>
    </message>
</context>
<context>
    <name>hl::ui::IdentityPanel</name>
    <message>
        <location filename="../ui/identity_panel.cpp" line="51"/>
        <source>Identity A</source>
        <translation>Identity A</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="51"/>
        <source>Identity B</source>
        <translation>Identity B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="62"/>
        <source>Reference photos of one person: drop them here or use Add</source>
        <translation>Reference photos of one person: drop them here or use Add</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="65"/>
        <source>Add photos...</source>
        <translation>Add photos...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="66"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="71"/>
        <source>Reference photos</source>
        <translation>Reference photos</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="72"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="91"/>
        <source>ID strength</source>
        <translation>ID strength</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="111"/>
        <source>A &lt;-&gt; B</source>
        <translation>A &lt;-&gt; B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="116"/>
        <source>Base-LoRA</source>
        <translation>Base-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="119"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="120"/>
        <source>Regenerate with the same seed when a slider is released</source>
        <translation>Regenerate with the same seed when a slider is released</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="185"/>
        <source>Add the Base-LoRA (hair, head shape, surroundings)</source>
        <translation>Add the Base-LoRA (hair, head shape, surroundings)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="186"/>
        <source>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</source>
        <translation>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</translation>
    </message>
</context>
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="43"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="213"/>
        <source>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</source>
        <translation>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="232"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="246"/>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="246"/>
        <source>Location or what is missing</source>
        <translation>Location or what is missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="252"/>
        <source>File validation results appear here.</source>
        <translation>File validation results appear here.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="132"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="48"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="50"/>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="51"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="60"/>
        <source>Step %1 of %2, %3 s per step, about %4 s left</source>
        <translation>Step %1 of %2, %3 s per step, about %4 s left</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="71"/>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="72"/>
        <source>Generation cancelled</source>
        <translation>Generation cancelled</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="77"/>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="86"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="90"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="94"/>
        <source>Compare selected results</source>
        <translation>Compare selected results</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="98"/>
        <source>Next result</source>
        <translation>Next result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="102"/>
        <source>Previous result</source>
        <translation>Previous result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123"/>
        <source>History unavailable: %1</source>
        <translation>History unavailable: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="133"/>
        <source>&amp;Open models folder...</source>
        <translation>&amp;Open models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="136"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="142"/>
        <source>Set &amp;face models folder...</source>
        <translation>Set &amp;face models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="143"/>
        <source>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</source>
        <translation>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="146"/>
        <source>Face models folder (antelopev2)</source>
        <translation>Face models folder (antelopev2)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="150"/>
        <source>Face models: %1</source>
        <translation>Face models: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="154"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="181"/>
        <source>Demo models: images are noise.</source>
        <translation>Demo models: images are noise.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="191"/>
        <source>Write a prompt and press Generate (Ctrl+Enter).</source>
        <translation>Write a prompt and press Generate (Ctrl+Enter).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="195"/>
        <source>%v / %m steps</source>
        <translation>%v / %m steps</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="203"/>
        <source>Search the history by prompt text</source>
        <translation>Search the history by prompt text</translation>
    </message>
    <message>
        <source>Earlier results: click one to see it and recall its settings</source>
        <translation type="vanished">Earlier results: click one to see it and recall its settings</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="261"/>
        <source>Open a models folder first (File &gt; Open).</source>
        <translation>Open a models folder first (File &gt; Open).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="271"/>
        <source>Starting...</source>
        <translation>Starting...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="317"/>
        <source>Could not save to the history: %1</source>
        <translation>Could not save to the history: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="328"/>
        <source>Done in %1 s (seed %2).</source>
        <translation>Done in %1 s (seed %2).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="373"/>
        <source>Validating every model file...</source>
        <translation>Validating every model file...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="375"/>
        <source>Checking models in %1</source>
        <translation>Checking models in %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="390"/>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="397"/>
        <source>Looked in: %1</source>
        <translation>Looked in: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="404"/>
        <source>Ready to generate with %1.</source>
        <translation>Ready to generate with %1.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="405"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>No usable SDXL checkpoint yet: see below what is missing.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="407"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>Identities need the HyperLoRA, CLIP and face models listed below.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="415"/>
        <source>All model files are valid.</source>
        <translation>All model files are valid.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="416"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>Some model files are invalid: see the list.</translation>
    </message>
</context>
</TS>
