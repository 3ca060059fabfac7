<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/sweep_view.cpp" line="26"/>
        <source>t = %1</source>
        <translation>t = %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="27"/>
        <source>strength %1</source>
        <translation>strength %1</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="50"/>
        <source>No models folder chosen yet.</source>
        <translation>No models folder chosen yet.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="53"/>
        <source>Ready to generate with %1.</source>
        <translation>Ready to generate with %1.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="54"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>No usable SDXL checkpoint yet: see below what is missing.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="57"/>
        <source>Identities can be made.</source>
        <translation>Identities can be made.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="58"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>Identities need the HyperLoRA, CLIP and face models listed below.</translation>
    </message>
</context>
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
    <name>hl::ui::FirstRunDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="291"/>
        <source>Welcome to HyperLoRA Studio</source>
        <translation>Welcome to HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="294"/>
        <source>&lt;b&gt;HyperLoRA Studio needs model files that you download yourself.&lt;/b&gt;&lt;br&gt;An SDXL checkpoint to make images; for identities also the HyperLoRA weights, CLIP ViT-L/14 and insightface&apos;s antelopev2 face models. A ComfyUI &lt;tt&gt;models/&lt;/tt&gt; folder that has them works as it is. Until then the demo models let you try everything, but their images are noise.</source>
        <translation>&lt;b&gt;HyperLoRA Studio needs model files that you download yourself.&lt;/b&gt;&lt;br&gt;An SDXL checkpoint to make images; for identities also the HyperLoRA weights, CLIP ViT-L/14 and insightface&apos;s antelopev2 face models. A ComfyUI &lt;tt&gt;models/&lt;/tt&gt; folder that has them works as it is. Until then the demo models let you try everything, but their images are noise.</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="309"/>
        <source>Choose models folder...</source>
        <translation>Choose models folder...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="311"/>
        <source>Settings...</source>
        <translation>Settings...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="312"/>
        <source>Use these models</source>
        <translation>Use these models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="315"/>
        <source>Continue with demo models</source>
        <translation>Continue with demo models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="324"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
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
        <source>How many images one Generate queues, at consecutive seeds</source>
        <translation>How many images one Generate queues, at consecutive seeds</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="100"/>
        <source>Batch count</source>
        <translation>Batch count</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="104"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="106"/>
        <source>Generate (Ctrl+Enter)</source>
        <translation>Generate (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="108"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../ui/generate_panel.cpp" line="110"/>
        <source>Stop the running generation (Esc)</source>
        <translation>Stop the running generation (Esc)</translation>
    </message>
</context>
<context>
    <name>hl::ui::HistoryModel</name>
    <message>
        <location filename="../ui/history_model.cpp" line="28"/>
        <source>seed %1, %2 steps, %3 s</source>
        <translation>seed %1, %2 steps, %3 s</translation>
    </message>
    <message>
        <location filename="../ui/history_model.cpp" line="33"/>
        <source>identity %1, strength %2</source>
        <translation>identity %1, strength %2</translation>
    </message>
</context>
<context>
    <name>hl::ui::IdentityPanel</name>
    <message>
        <location filename="../ui/identity_panel.cpp" line="121"/>
        <location filename="../ui/identity_panel.cpp" line="347"/>
        <location filename="../ui/identity_panel.cpp" line="405"/>
        <source>Identity A</source>
        <translation>Identity A</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="121"/>
        <location filename="../ui/identity_panel.cpp" line="347"/>
        <location filename="../ui/identity_panel.cpp" line="405"/>
        <source>Identity B</source>
        <translation>Identity B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="128"/>
        <source>The identity&apos;s name, used in the history and when it is saved</source>
        <translation>The identity&apos;s name, used in the history and when it is saved</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="134"/>
        <source>Open, save or clear this identity</source>
        <translation>Open, save or clear this identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="137"/>
        <source>Open identity...</source>
        <translation>Open identity...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="138"/>
        <location filename="../ui/identity_panel.cpp" line="143"/>
        <location filename="../ui/identity_panel.cpp" line="145"/>
        <source>Open identity</source>
        <translation>Open identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="139"/>
        <location filename="../ui/identity_panel.cpp" line="150"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA identities (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="148"/>
        <source>Save identity as...</source>
        <translation>Save identity as...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="149"/>
        <location filename="../ui/identity_panel.cpp" line="155"/>
        <source>Save identity</source>
        <translation>Save identity</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="158"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="170"/>
        <source>Reference photos of one person: drop them here or use Add</source>
        <translation>Reference photos of one person: drop them here or use Add</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="173"/>
        <source>Add photos...</source>
        <translation>Add photos...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="174"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="179"/>
        <source>Reference photos</source>
        <translation>Reference photos</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="180"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="200"/>
        <source>ID strength</source>
        <translation>ID strength</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="220"/>
        <source>A &lt;-&gt; B</source>
        <translation>A &lt;-&gt; B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="225"/>
        <source>Base-LoRA</source>
        <translation>Base-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="228"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="229"/>
        <source>Regenerate with the same seed when a slider is released</source>
        <translation>Regenerate with the same seed when a slider is released</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="231"/>
        <source>Export LoRA...</source>
        <translation>Export LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="233"/>
        <source>Save this identity&apos;s LoRA for ComfyUI or A1111 (Ctrl+Shift+E)</source>
        <translation>Save this identity&apos;s LoRA for ComfyUI or A1111 (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="245"/>
        <source>The face crop the network sees, background faded to grey</source>
        <translation>The face crop the network sees, background faded to grey</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="260"/>
        <source>How much the identity&apos;s LoRA changes each UNet block (squared size of the weight change at strength 1)</source>
        <translation>How much the identity&apos;s LoRA changes each UNet block (squared size of the weight change at strength 1)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="269"/>
        <source>LoRA energy</source>
        <translation>LoRA energy</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="279"/>
        <source>Paste photos</source>
        <translation>Paste photos</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="395"/>
        <source>%1: %2 of the identity&apos;s photos are missing and were left out:</source>
        <translation>%1: %2 of the identity&apos;s photos are missing and were left out:</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="514"/>
        <source>Add the Base-LoRA (hair, head shape, surroundings)</source>
        <translation>Add the Base-LoRA (hair, head shape, surroundings)</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="515"/>
        <source>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</source>
        <translation>This HyperLoRA has no Base-LoRA: the released weights ship none, their 0.25x Base-LoRA is already distilled into the ID-LoRA</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="533"/>
        <source>Mix the two identities: 0 is A, 1 is B</source>
        <translation>Mix the two identities: 0 is A, 1 is B</translation>
    </message>
    <message>
        <location filename="../ui/identity_panel.cpp" line="534"/>
        <source>Needs a usable face in both identity A and identity B</source>
        <translation>Needs a usable face in both identity A and identity B</translation>
    </message>
</context>
<context>
    <name>hl::ui::JobQueue</name>
    <message>
        <location filename="../ui/job_queue.cpp" line="9"/>
        <source>Analyse the identity photos</source>
        <translation>Analyse the identity photos</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="10"/>
        <source>Export the identity LoRA to %1</source>
        <translation>Export the identity LoRA to %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="13"/>
        <source>(empty prompt)</source>
        <translation>(empty prompt)</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="14"/>
        <source>seed %1</source>
        <translation>seed %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="16"/>
        <source>, strength %1</source>
        <translation>, strength %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="17"/>
        <source>, A&lt;-&gt;B %1</source>
        <translation>, A&lt;-&gt;B %1</translation>
    </message>
    <message>
        <location filename="../ui/job_queue.cpp" line="18"/>
        <source>, live</source>
        <translation>, live</translation>
    </message>
</context>
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="56"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="297"/>
        <source>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</source>
        <translation>Earlier results: click one to see it and recall its settings; select several and press Ctrl+K to compare them</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="136"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="150"/>
        <location filename="../ui/settings_dialog.cpp" line="34"/>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="150"/>
        <location filename="../ui/settings_dialog.cpp" line="35"/>
        <source>Location or what is missing</source>
        <translation>Location or what is missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="156"/>
        <source>File validation results appear here.</source>
        <translation>File validation results appear here.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="36"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="62"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="64"/>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="67"/>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="68"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="83"/>
        <source>Step %1 of %2, %3 s per step, about %4 s left</source>
        <translation>Step %1 of %2, %3 s per step, about %4 s left</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="96"/>
        <source>Generation cancelled</source>
        <translation>Generation cancelled</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="104"/>
        <source>The identity could not be built (see the identity panel).</source>
        <translation>The identity could not be built (see the identity panel).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="106"/>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="112"/>
        <source>Identity ready.</source>
        <translation>Identity ready.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123"/>
        <source>Identity %1: photo %2 of %3 analysed...</source>
        <translation>Identity %1: photo %2 of %3 analysed...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="128"/>
        <source>Identity LoRA written to %1.</source>
        <translation>Identity LoRA written to %1.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="129"/>
        <source>Identity LoRA written to %1</source>
        <translation>Identity LoRA written to %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="144"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generate</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="148"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="152"/>
        <source>Compare selected results</source>
        <translation>Compare selected results</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="156"/>
        <source>Next result</source>
        <translation>Next result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="160"/>
        <source>Previous result</source>
        <translation>Previous result</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="196"/>
        <source>History unavailable: %1</source>
        <translation>History unavailable: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="37"/>
        <source>&amp;Open models folder...</source>
        <translation>&amp;Open models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="40"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="46"/>
        <source>Set &amp;face models folder...</source>
        <translation>Set &amp;face models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="47"/>
        <source>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</source>
        <translation>The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx (insightface antelopev2), when it is not inside the models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="50"/>
        <source>Face models folder (antelopev2)</source>
        <translation>Face models folder (antelopev2)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="54"/>
        <source>Face models: %1</source>
        <translation>Face models: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="57"/>
        <source>Open &amp;identity...</source>
        <translation>Open &amp;identity...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="60"/>
        <source>Open identity</source>
        <translation>Open identity</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="60"/>
        <source>HyperLoRA identities (*.hlid)</source>
        <translation>HyperLoRA identities (*.hlid)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="63"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Settings...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="68"/>
        <source>&amp;Export image...</source>
        <translation>&amp;Export image...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="70"/>
        <source>Save the shown result as PNG with its generation settings</source>
        <translation>Save the shown result as PNG with its generation settings</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="74"/>
        <source>Select a result in the history first.</source>
        <translation>Select a result in the history first.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="79"/>
        <source>Export image</source>
        <translation>Export image</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="79"/>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="80"/>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="82"/>
        <source>Export identity &amp;LoRA...</source>
        <translation>Export identity &amp;LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="84"/>
        <source>Save identity A&apos;s LoRA (mixed with B as set) for ComfyUI or A1111</source>
        <translation>Save identity A&apos;s LoRA (mixed with B as set) for ComfyUI or A1111</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="86"/>
        <source>Export identity LoRA</source>
        <translation>Export identity LoRA</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="87"/>
        <source>LoRA files (*.safetensors)</source>
        <translation>LoRA files (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="92"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="114"/>
        <source>Opened identity %1</source>
        <translation>Opened identity %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="230"/>
        <source>Demo models: images are noise.</source>
        <translation>Demo models: images are noise.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="240"/>
        <source>Write a prompt and press Generate (Ctrl+Enter).</source>
        <translation>Write a prompt and press Generate (Ctrl+Enter).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="244"/>
        <source>%v / %m steps</source>
        <translation>%v / %m steps</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="255"/>
        <source>Seconds per step of the running generation</source>
        <translation>Seconds per step of the running generation</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="267"/>
        <source>s/step</source>
        <translation>s/step</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="273"/>
        <source>Search the history by prompt text</source>
        <translation>Search the history by prompt text</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="279"/>
        <source>Show only the results of one identity</source>
        <translation>Show only the results of one identity</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="323"/>
        <location filename="../ui/main_window.cpp" line="337"/>
        <source>Open a models folder first (File &gt; Open).</source>
        <translation>Open a models folder first (File &gt; Open).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="342"/>
        <source>A sweep needs an identity: add photos to identity A first.</source>
        <translation>A sweep needs an identity: add photos to identity A first.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="346"/>
        <source>An A &lt;-&gt; B sweep needs photos in both identities.</source>
        <translation>An A &lt;-&gt; B sweep needs photos in both identities.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="170"/>
        <source>Settings saved. A language change takes effect at the next start.</source>
        <translation>Settings saved. A language change takes effect at the next start.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="202"/>
        <source>Could not save the image: %1</source>
        <translation>Could not save the image: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="210"/>
        <source>Add photos to identity A first: the LoRA is made from them.</source>
        <translation>Add photos to identity A first: the LoRA is made from them.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="368"/>
        <source>Analysing the photos...</source>
        <translation>Analysing the photos...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="382"/>
        <source>Analysing the identity photos...</source>
        <translation>Analysing the identity photos...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="382"/>
        <source>Writing the identity LoRA...</source>
        <translation>Writing the identity LoRA...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="387"/>
        <source>Starting...</source>
        <translation>Starting...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="387"/>
        <source>Starting... (%1 more queued)</source>
        <translation>Starting... (%1 more queued)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="414"/>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="419"/>
        <source>Run the selected job earlier</source>
        <translation>Run the selected job earlier</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="423"/>
        <source>Run the selected job later</source>
        <translation>Run the selected job later</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="426"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="427"/>
        <source>Remove the selected jobs from the queue (Delete)</source>
        <translation>Remove the selected jobs from the queue (Delete)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="459"/>
        <source>Queue (empty)</source>
        <translation>Queue (empty)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="459"/>
        <source>Queue (%1 waiting)</source>
        <translation>Queue (%1 waiting)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="489"/>
        <source>All identities</source>
        <translation>All identities</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="500"/>
        <source>Could not save to the history: %1</source>
        <translation>Could not save to the history: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="517"/>
        <source>Done in %1 s (seed %2).</source>
        <translation>Done in %1 s (seed %2).</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="226"/>
        <source>Validating every model file...</source>
        <translation>Validating every model file...</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="228"/>
        <source>Checking models in %1</source>
        <translation>Checking models in %1</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="71"/>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="80"/>
        <source>Looked in: %1</source>
        <translation>Looked in: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="244"/>
        <source>All model files are valid.</source>
        <translation>All model files are valid.</translation>
    </message>
    <message>
        <location filename="../ui/main_window_files.cpp" line="245"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>Some model files are invalid: see the list.</translation>
    </message>
</context>
<context>
    <name>hl::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="99"/>
        <source>found under the models folder</source>
        <translation>found under the models folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="101"/>
        <location filename="../ui/settings_dialog.cpp" line="130"/>
        <location filename="../ui/settings_dialog.cpp" line="182"/>
        <source>Browse...</source>
        <translation>Browse...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="109"/>
        <source>Checkpoints (*.safetensors);;All files (*)</source>
        <translation>Checkpoints (*.safetensors);;All files (*)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="119"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="122"/>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="128"/>
        <source>a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file</source>
        <translation>a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="133"/>
        <location filename="../ui/settings_dialog.cpp" line="135"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="141"/>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="144"/>
        <source>HyperLoRA variant</source>
        <translation>HyperLoRA variant</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="145"/>
        <source>SDXL checkpoint (override)</source>
        <translation>SDXL checkpoint (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="146"/>
        <source>HyperLoRA folder (override)</source>
        <translation>HyperLoRA folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="147"/>
        <source>CLIP ViT-L/14 folder (override)</source>
        <translation>CLIP ViT-L/14 folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="148"/>
        <source>Face models folder (antelopev2)</source>
        <translation>Face models folder (antelopev2)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="149"/>
        <source>Tokenizer folder (override)</source>
        <translation>Tokenizer folder (override)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="159"/>
        <source>Engine and output</source>
        <translation>Engine and output</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="163"/>
        <source>Automatic (CUDA when present)</source>
        <translation>Automatic (CUDA when present)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="164"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="165"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="167"/>
        <source>This build or machine has no CUDA device</source>
        <translation>This build or machine has no CUDA device</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="170"/>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="173"/>
        <source>Automatic (fp16 on GPU, fp32 on CPU)</source>
        <translation>Automatic (fp16 on GPU, fp32 on CPU)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="174"/>
        <source>fp32 (exact, slower)</source>
        <translation>fp32 (exact, slower)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="175"/>
        <source>bf16 (about 2x faster on CPU)</source>
        <translation>bf16 (about 2x faster on CPU)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="176"/>
        <source>fp16 (GPU only)</source>
        <translation>fp16 (GPU only)</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="177"/>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="185"/>
        <location filename="../ui/settings_dialog.cpp" line="188"/>
        <source>Export folder</source>
        <translation>Export folder</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="195"/>
        <source>Takes effect at the next start</source>
        <translation>Takes effect at the next start</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="196"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="262"/>
        <location filename="../ui/settings_dialog.cpp" line="268"/>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
</context>
<context>
    <name>hl::ui::SweepView</name>
    <message>
        <location filename="../ui/sweep_view.cpp" line="44"/>
        <location filename="../ui/sweep_view.cpp" line="236"/>
        <source>ID strength</source>
        <translation>ID strength</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="45"/>
        <source>A &lt;-&gt; B mix</source>
        <translation>A &lt;-&gt; B mix</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="59"/>
        <source>Run sweep</source>
        <translation>Run sweep</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="61"/>
        <source>Queue one image per value, all at the current seed and settings</source>
        <translation>Queue one image per value, all at the current seed and settings</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="62"/>
        <source>Save grid...</source>
        <translation>Save grid...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="65"/>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="67"/>
        <source>from</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="69"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="71"/>
        <source>images</source>
        <translation>images</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="87"/>
        <source>Choose what to sweep and press Run sweep: the images appear here, one per value, and the plot below shows how much each face looks like the identity.</source>
        <translation>Choose what to sweep and press Run sweep: the images appear here, one per value, and the plot below shows how much each face looks like the identity.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="102"/>
        <source>similarity to A</source>
        <translation>similarity to A</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="106"/>
        <source>similarity to B</source>
        <translation>similarity to B</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="109"/>
        <source>ArcFace cosine</source>
        <translation>ArcFace cosine</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="128"/>
        <source>Save sweep grid</source>
        <translation>Save sweep grid</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="129"/>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="174"/>
        <source>waiting...</source>
        <translation>waiting...</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="203"/>
        <source>seed %1, %2 s</source>
        <translation>seed %1, %2 s</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="206"/>
        <source>no face found</source>
        <translation>no face found</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="208"/>
        <source>A %1</source>
        <translation>A %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="210"/>
        <source>B %1</source>
        <translation>B %1</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="236"/>
        <source>t (0 = A, 1 = B)</source>
        <translation>t (0 = A, 1 = B)</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="244"/>
        <source>No sweep yet.</source>
        <translation>No sweep yet.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="246"/>
        <source>%1 of %2 images done.</source>
        <translation>%1 of %2 images done.</translation>
    </message>
    <message>
        <location filename="../ui/sweep_view.cpp" line="247"/>
        <source>Images without a face (no point on the plot): %1.</source>
        <translation>Images without a face (no point on the plot): %1.</translation>
    </message>
</context>
</TS>
