global using NmoPoc.Firmware.Measurement;
global using NmoPoc.Screening;
