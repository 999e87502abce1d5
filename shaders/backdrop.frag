#version 330 core
// The backdrop behind an artefact: a museum's charcoal wall, a little lighter
// where a spotlight would pool, so dark scans still stand out. Output is sRGB.
in vec2 v_pos;
uniform vec3 u_top;    // sRGB
uniform vec3 u_bottom; // sRGB
out vec4 frag_color;
void main()
{
    float t = 0.5 + 0.5 * v_pos.y;
    vec3 c = mix(u_bottom, u_top, t);
    float pool = exp(-dot(v_pos * vec2(0.8, 1.4) + vec2(0.0, 0.35), v_pos * vec2(0.8, 1.4) + vec2(0.0, 0.35)) * 1.2);
    c += vec3(0.045, 0.042, 0.038) * pool;
    // A touch of noise against banding on large kiosk screens.
    float n = fract(sin(dot(gl_FragCoord.xy, vec2(12.9898, 78.233))) * 43758.5453);
    frag_color = vec4(c + (n - 0.5) / 255.0, 1.0);
}
