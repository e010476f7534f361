# HoloMat's end G-code for Bambu Lab printers (same conventions as start.gcode). Written from the
# machine_end_gcode of bambulab/BambuStudio resources/profiles/BBL/machine/ (X1 Carbon, P1P, A1,
# A1 mini): retract, lift a little, park the toolhead, heaters and fans off (M106 P2 is the
# auxiliary fan, M106 P3 the chamber fan), then move Z 100 mm away from the part within the
# printable height so it can be taken off. Left out: the AMS unload (M620 S255), the timelapse
# frames, the finish tune. The X/Y motors and the extruder are released (M18); Z stays held so a
# heavy part on the X1/P1 bed does not sink.
;===== HoloMat end G-code: $printer_name =====
M400 ; let the last moves finish
G1 E-0.8 F1800 ; retract
G1 Z{min(max_layer_z + 0.5, max_print_height)} F900 ; lift off the part
G1 X$park_x Y$park_y F12000 ; park
M140 S0 ; bed off
M104 S0 ; nozzle off
M106 S0 ; part cooling fan off
M106 P2 S0 ; auxiliary fan off
M106 P3 S0 ; chamber fan off
G1 Z{min(max_layer_z + 100, max_print_height)} F600 ; make room to take the part off
M400 ; wait for every move
M18 X Y E ; release X, Y and the extruder
;===== HoloMat end G-code end =====
