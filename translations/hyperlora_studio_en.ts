<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>hl::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="22"/>
        <source>HyperLoRA Studio</source>
        <translation>HyperLoRA Studio</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="30"/>
        <source>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</source>
        <translation>Demo models: images are noise. Open a real models folder with File &gt; Open (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46"/>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="46"/>
        <source>Location or what is missing</source>
        <translation>Location or what is missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="52"/>
        <source>File validation results appear here.</source>
        <translation>File validation results appear here.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="64"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="65"/>
        <source>&amp;Open models folder...</source>
        <translation>&amp;Open models folder...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="68"/>
        <source>Models folder</source>
        <translation>Models folder</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="75"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Validating every model file...</source>
        <translation>Validating every model file...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="97"/>
        <source>Checking models in %1</source>
        <translation>Checking models in %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="111"/>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="118"/>
        <source>Looked in: %1</source>
        <translation>Looked in: %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125"/>
        <source>Ready to generate with %1.</source>
        <translation>Ready to generate with %1.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="126"/>
        <source>No usable SDXL checkpoint yet: see below what is missing.</source>
        <translation>No usable SDXL checkpoint yet: see below what is missing.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="128"/>
        <source>Identities need the HyperLoRA, CLIP and face models listed below.</source>
        <translation>Identities need the HyperLoRA, CLIP and face models listed below.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="136"/>
        <source>All model files are valid.</source>
        <translation>All model files are valid.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="137"/>
        <source>Some model files are invalid: see the list.</source>
        <translation>Some model files are invalid: see the list.</translation>
    </message>
</context>
</TS>
