//! The TCP conversations of the capture, numbered as Wireshark's tcp.stream.

use crate::state::Shared;
use postscope_core::model::Analysis;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Shared<Analysis>,
    pub selected: Option<u32>,
    pub on_select: Callback<u32>,
}

#[function_component(StreamList)]
pub fn stream_list(p: &Props) -> Html {
    html! {
        <nav class="streams">
            <h3>{"Conversations"}</h3>
            <table id="stream-list">
                <thead><tr>
                    <th title="tcp.stream in Wireshark">{"#"}</th><th>{"Protocol"}</th><th>{"Client"}</th><th>{"Server"}</th>
                    <th title="packets">{"Pkts"}</th><th title="bytes on the wire, client + server">{"Bytes"}</th>
                </tr></thead>
                <tbody>
                { for p.analysis.streams.iter().map(|s| {
                    let n = s.stream;
                    let onclick = { let cb = p.on_select.clone(); Callback::from(move |_| cb.emit(n)) };
                    let selected = p.selected == Some(n);
                    let proto = if s.tls_from_frame.is_some() && s.protocol.name() != "tls" { format!("{}+TLS", s.protocol.name().to_uppercase()) } else { s.protocol.name().to_uppercase() };
                    html! {
                        <tr class={classes!("stream-row", selected.then_some("selected"))} data-stream={n.to_string()} {onclick}
                            title={format!("first frame {}, recognised by {}", s.first_frame, s.recognised_by)}>
                            <td>{ n }</td><td class={classes!("proto", format!("proto-{}", s.protocol.name()))}>{ proto }</td>
                            <td class="addr">{ &s.client }</td><td class="addr">{ &s.server }</td>
                            <td>{ s.packets }</td><td>{ s.client_bytes + s.server_bytes }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </nav>
    }
}
