@echo off
rem vetqa_xl: offline install for Windows 10/11 x64, no admin rights needed.
rem Double-click it in the unzipped folder (it is also shipped under a Thai name).
rem "py -3.13-64": the wheels are for 64-bit Python, so a 32-bit one is passed over.
rem cmd.exe reads this file in the console's code page (874, 437, ...), so everything above
rem "chcp 65001" is ASCII; the file is UTF-8 without a BOM, with CRLF line ends.
setlocal
rem The code page to give back at the end: the last word of chcp's answer ("874", "65001").
set "OLDCP="
for /f "tokens=*" %%A in ('chcp') do for %%B in (%%A) do set "OLDCP=%%B"
if defined OLDCP set "OLDCP=%OLDCP:.=%"
chcp 65001 >nul
set "RC=1"
set "WHEELS=%~dp0wheels"
set "VENV=%LOCALAPPDATA%\vetqa_xl"
echo.
echo ติดตั้ง vetqa_xl: แท็บ VetQA ตรวจสอบ บนริบบอน Excel
echo Installing vetqa_xl: the VetQA tab on Excel's ribbon
echo.
if not defined LOCALAPPDATA goto :failed
if not exist "%WHEELS%\vetqa_xl-*.whl" goto :notunzipped

echo [1/4] หา Python 3.13, 3.12 หรือ 3.11 แบบ 64 บิต ด้วยคำสั่ง py
echo       Looking for 64-bit Python 3.13, 3.12 or 3.11 through the py launcher
set "PYVER="
where py >nul 2>&1 || goto :nopython
for %%V in (3.13 3.12 3.11) do (
  if not defined PYVER (
    py -%%V-64 -c "import sys" >nul 2>&1 && set "PYVER=%%V"
  )
)
if not defined PYVER goto :nopython
echo       Python %PYVER%

echo [2/4] สร้างโฟลเดอร์ของโปรแกรม (ถ้ามีของเดิมจะสร้างใหม่แทน)
echo       Creating the program's folder (an earlier one is replaced)
echo       "%VENV%"
if exist "%VENV%" rmdir /s /q "%VENV%"
if exist "%VENV%" goto :inuse
py -%PYVER%-64 -m venv "%VENV%" || goto :failed

echo [3/4] ติดตั้ง vetqa_xl จากไฟล์ในโฟลเดอร์ wheels (ไม่ต้องต่ออินเทอร์เน็ต)
echo       Installing vetqa_xl from the wheels folder (no internet needed)
"%VENV%\Scripts\python.exe" -m pip install --isolated --no-index --find-links "%WHEELS%" --only-binary=:all: --disable-pip-version-check --no-warn-script-location "vetqa_xl[windows]" || goto :failed

echo [4/4] ติดตั้ง add-in ลงใน Excel (vetqa-xl addin install)
echo       Installing the Excel add-in (vetqa-xl addin install)
"%VENV%\Scripts\python.exe" -m vetqa_xl addin install || goto :failed

echo.
echo ติดตั้งเสร็จแล้ว ถอนการติดตั้งได้ด้วย ถอนการติดตั้ง.cmd ในโฟลเดอร์นี้
echo Installed. To remove it, run uninstall.cmd in this folder.
set "RC=0"
goto :end

:notunzipped
echo ยังไม่ได้แตกไฟล์ zip: คลิกขวาที่ไฟล์ zip แล้วเลือก แยกไฟล์ทั้งหมด (Extract All)
echo แล้วดับเบิลคลิก ติดตั้ง.cmd ในโฟลเดอร์ที่ได้ (ต้องมีโฟลเดอร์ wheels อยู่ข้างกัน)
echo The zip is not unzipped: right-click it, choose Extract All, then run install.cmd
echo in the folder it makes (the wheels folder must be next to it).
goto :end

:nopython
echo ไม่พบ Python 3.11, 3.12 หรือ 3.13 แบบ 64 บิต บนเครื่องนี้ ให้ติดตั้งก่อน:
echo   1. เปิด https://www.python.org/downloads/windows/ แล้วดาวน์โหลด Python 3.13
echo      แบบ Windows installer (64-bit)
echo   2. เปิดไฟล์ที่ดาวน์โหลด ติ๊ก Add python.exe to PATH แล้วกด Install Now
echo      (ไม่ต้องใช้สิทธิ์ผู้ดูแลระบบ)
echo   3. ดับเบิลคลิก ติดตั้ง.cmd อีกครั้ง
echo 64-bit Python 3.11, 3.12 or 3.13 was not found. Download Python 3.13, Windows installer
echo (64-bit), from https://www.python.org/downloads/windows/ , run it with
echo Add python.exe to PATH ticked and Install Now (no admin rights needed), then run
echo install.cmd again.
goto :end

:inuse
echo ลบโปรแกรมรุ่นเดิมไม่ได้ เพราะยังมีโปรแกรมใช้อยู่ ปิด Excel ทุกหน้าต่างแล้วลองใหม่
echo The earlier install is in use: close every Excel window and run this again.
goto :end

:failed
echo.
echo ติดตั้งไม่สำเร็จ ข้อความด้านบนบอกสาเหตุ ส่งภาพหน้าจอนี้ให้ผู้ดูแลระบบ
echo The install failed; the lines above say why. Send a screenshot of this window to IT.

:end
echo.
pause
if defined OLDCP chcp %OLDCP% >nul
endlocal & exit /b %RC%
